/**
 * The API's operations by `METHOD /path`: each `apiResource()` adds its own when its route module
 * loads; the OpenAPI document and the isolation test read them.
 */
import type { ApiOperation } from './operation.server';

const registry = new Map<string, { path: string; op: ApiOperation }>();

export function registerOperation(path: string, op: ApiOperation): void {
  registry.set(`${op.method.toUpperCase()} ${path}`, { path, op });
}

export function registeredOperations(): ReadonlyMap<string, { path: string; op: ApiOperation }> {
  return registry;
}

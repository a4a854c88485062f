/**
 * The shape of an API operation (./route.server.ts runs them, ./openapi.server.ts documents them).
 */
import type { z } from 'zod';
import type { ApiCaller } from './keys.server';
import type { ApiScope } from './scopes';

export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The largest JSON body the API reads (a bulk call of 100 members fits many times). */
export const API_BODY_MAX_BYTES = 1024 * 1024;

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ApiContext<P, Q, B> {
  request: Request;
  caller: ApiCaller;
  params: P;
  query: Q;
  body: B;
}

/** A handler's answer when it is not the operation's usual status (a 200 of an upsert). */
export class ApiReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export interface ApiOperationSpec<
  P extends AnyObject | undefined,
  Q extends AnyObject | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
> {
  method: ApiMethod;
  scope: ApiScope;
  /** The OpenAPI operationId (camelCase: `listOffers`). */
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** The success answer's schema and status (200 unless said). */
  response: R;
  status?: 200 | 201 | 202;
  /** Other statuses the operation answers with a body of `response` (an upsert's 200 and 201). */
  alsoStatus?: (200 | 201)[];
  /**
   * The answer holds a secret shown once (a webhook endpoint's): an Idempotency-Key replay gives
   * it again, so the stored copy is sealed (./idempotency.server.ts).
   */
  answerHoldsSecret?: boolean;
  /** A curl-able example body for the reference page. */
  example?: unknown;
  handler: (
    ctx: ApiContext<
      P extends AnyObject ? z.output<P> : Record<string, never>,
      Q extends AnyObject ? z.output<Q> : Record<string, never>,
      B extends z.ZodType ? z.output<B> : undefined
    >,
  ) => Promise<z.input<R> | ApiReply>;
}

export type ApiOperation = ApiOperationSpec<
  AnyObject | undefined,
  AnyObject | undefined,
  z.ZodType | undefined,
  z.ZodType
>;

/** Declares one operation (typed by its schemas). */
export function apiOperation<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: ApiOperationSpec<P, Q, B, R>): ApiOperation {
  return spec as unknown as ApiOperation;
}

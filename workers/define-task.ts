import type { JobHelpers, Task } from 'graphile-worker';
import { z } from 'zod';
import { taskPayloadSchemas, type TaskName } from '../app/jobs/task-names';

/** Wraps a task so its payload is validated at run time; a bad payload fails the job clearly. */
export function defineTask<T extends TaskName>(
  name: T,
  run: (payload: z.output<(typeof taskPayloadSchemas)[T]>, helpers: JobHelpers) => Promise<void>,
): Task {
  return async (rawPayload, helpers) => {
    const parsed = taskPayloadSchemas[name].safeParse(rawPayload);
    if (!parsed.success) {
      throw new Error(`${name}: invalid payload: ${z.prettifyError(parsed.error)}`);
    }
    await run(parsed.data as z.output<(typeof taskPayloadSchemas)[T]>, helpers);
  };
}

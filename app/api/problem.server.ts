/**
 * RFC 9457 problem details: every error the API answers is `application/problem+json` with
 * `type`, `title`, `status`, `detail` and, for invalid input, `errors: [{ field, message }]`:
 * never HTML, never a stack trace. `type` is a URN naming the kind of problem (docs/api.md lists
 * them); it stays the same when the wording changes, so clients branch on it.
 */
import type { z } from 'zod';

export interface FieldProblem {
  /** The field's path in the body or query, dotted (`payouts.0.value`); `''` for the whole. */
  field: string;
  message: string;
}

export const PROBLEM_TYPES = {
  validation: { status: 400, title: 'Invalid request' },
  malformed_json: { status: 400, title: 'Malformed JSON' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_in_progress: { status: 409, title: 'Request in progress' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const problemTypeUri = (type: ProblemType) => `urn:offerlink:problem:${type}`;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
}

/** A problem a handler throws; the API wrapper turns it into the answer. */
export class ApiProblem extends Error {
  readonly status: number;
  constructor(
    readonly kind: ProblemType,
    readonly detail: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.status = PROBLEM_TYPES[kind].status;
  }

  body(): ProblemBody {
    return {
      type: problemTypeUri(this.kind),
      title: PROBLEM_TYPES[this.kind].title,
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export function problemResponse(problem: ApiProblem, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/problem+json');
  h.set('cache-control', 'no-store');
  for (const [name, value] of Object.entries(problem.headers ?? {})) h.set(name, value);
  return new Response(JSON.stringify(problem.body()), { status: problem.status, headers: h });
}

/** Zod's issues as the `errors` array (one entry per issue, its path dotted). */
export function zodFieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** The portal modules' `{ field: [messages] }` as the `errors` array. */
export function fieldErrorProblems(
  fieldErrors: Record<string, string[] | undefined>,
): FieldProblem[] {
  return Object.entries(fieldErrors).flatMap(([field, messages]) =>
    (messages ?? []).map((message) => ({ field, message })),
  );
}

export const notFound = (what: string) =>
  new ApiProblem('not_found', `No ${what} with this id in this brand.`);

export function invalid(errors: FieldProblem[], detail?: string): ApiProblem {
  return new ApiProblem(
    'validation',
    detail ??
      (errors.length === 1
        ? `${errors[0].field || 'The request'}: ${errors[0].message}`
        : `${errors.length} fields are invalid; see errors.`),
    errors,
  );
}

import type { z } from 'zod';

export type FieldErrors = Record<string, string[]>;

export type ParsedForm<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/**
 * Validates form input with a zod schema and turns its issues into per-field messages (the first
 * path segment names the field; nested paths like `payouts.1.title` keep their full name).
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
): ParsedForm<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}

/** FormData as a plain object; repeated names become arrays. Files are kept as File objects. */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key in out) {
      const existing = out[key];
      out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData) {
  return parseWithSchema(schema, formDataToObject(formData));
}

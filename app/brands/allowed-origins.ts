import { z } from 'zod';

/**
 * The snippet's allowed origins, exactly as browsers send them in the Origin header:
 * `scheme://host[:port]`, no path, no trailing slash. Shared by the settings form and the server.
 */
export function normalizeOrigin(
  input: string,
): { ok: true; origin: string } | { ok: false; message: string } {
  const text = input.trim();
  const shape = /^(https?):\/\/([^/?#@\s\\]+)\/?$/i.exec(text);
  if (!shape) {
    return {
      ok: false,
      message: `"${text}" is not an origin like https://shop.example.com (scheme and host, optional port, no path).`,
    };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a valid origin.` };
  }
  if (!url.hostname || url.username || url.password) {
    return { ok: false, message: `"${text}" is not a valid origin.` };
  }
  return { ok: true, origin: url.origin };
}

export const MAX_ALLOWED_ORIGINS = 50;

/** One origin per line (commas also separate). */
export const allowedOriginsSchema = z.object({
  origins: z
    .string()
    .max(10_000, 'That is too long.')
    .default('')
    .transform((value, ctx) => {
      const origins: string[] = [];
      for (const part of value
        .split(/[\r\n,]+/)
        .map((p) => p.trim())
        .filter(Boolean)) {
        const result = normalizeOrigin(part);
        if (!result.ok) {
          ctx.addIssue({ code: 'custom', message: result.message });
          continue;
        }
        if (!origins.includes(result.origin)) origins.push(result.origin);
      }
      if (origins.length > MAX_ALLOWED_ORIGINS) {
        ctx.addIssue({ code: 'custom', message: `At most ${MAX_ALLOWED_ORIGINS} origins.` });
      }
      return origins;
    }),
});

export class PayloadTooLargeError extends Error {}

/**
 * The request's form data, refusing bodies over `maxBytes` before reading them whole (the
 * Content-Length is checked first; a body without one is counted while it streams).
 */
export async function readLimitedFormData(request: Request, maxBytes: number): Promise<FormData> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new PayloadTooLargeError();
  if (!request.body) return request.formData();
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new PayloadTooLargeError();
    }
    parts.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return new Response(body, {
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  }).formData();
}

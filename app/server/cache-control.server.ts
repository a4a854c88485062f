/**
 * Pages and their data are never stored by browsers or proxies: they are per user (a signed-in
 * brand's conversions, a creator's earnings), and each page carries its own CSP nonce, which a
 * cached copy would reuse. A route that means to be cached sets its own Cache-Control.
 */
export function noStoreUnlessSet(headers: Headers): void {
  if (!headers.has('cache-control')) headers.set('Cache-Control', 'no-store');
}

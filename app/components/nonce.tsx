import { createContext, useContext } from 'react';

/**
 * The Content-Security-Policy nonce of the page being rendered (app/server/security-headers.server.ts
 * makes one per request). Only the server knows it: browsers hide nonce attributes from scripts, so
 * on the client it is '' and hydration matches.
 */
const NonceContext = createContext('');

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** This request's Content-Security-Policy nonce (base64), for every inline script. */
    cspNonce?: string;
  }
}

/** The path of the one page that may be framed (by our own outbox page): an email's HTML. */
export const EMAIL_PREVIEW_PATH = /^\/brand\/outbox\/[^/]+\/preview$/;

type Locals = { locals: { cspNonce?: string } };
const nonceSource = (_req: IncomingMessage, res: ServerResponse) =>
  `'nonce-${(res as ServerResponse & Locals).locals.cspNonce}'`;

/**
 * Security headers for everything Express answers (portal pages, their data, resource routes,
 * static assets); the tracking fast path answers before Express and is untouched (decision 026).
 * The CSP allows no inline script except Remix's and React's, which carry this request's nonce.
 * Development relaxes only what Vite's dev server needs (its injected styles and HMR socket).
 */
export function securityHeaders(options: { dev: boolean }): RequestHandler {
  const common = {
    // The snippet, the pixel and offer images are loaded by brands' sites and emails.
    crossOriginResourcePolicy: false,
    crossOriginEmbedderPolicy: false,
    // Sent by hand below, over HTTPS only: over plain HTTP browsers ignore it anyway.
    strictTransportSecurity: false,
    // `same-origin` keeps the Origin header on our own form posts (the CSRF check needs it) and
    // sends portal addresses, which carry ids, to no other site.
    referrerPolicy: { policy: 'same-origin' as const },
  };
  const portal = helmet({
    ...common,
    xFrameOptions: { action: 'deny' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", nonceSource],
        'script-src-attr': ["'none'"],
        'style-src': options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        // Style attributes only (charts size and colour their SVG with them); they run no
        // script, and the URLs they could name are held by img-src and font-src. <style>
        // elements stay refused.
        'style-src-attr': ["'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': options.dev ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
        // The outbox shows an email in a frame of our own (EMAIL_PREVIEW_PATH).
        'frame-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
  });
  // An email's own HTML (inline styles, remote images as a mail client shows them), sandboxed:
  // no script at all, framed only by the outbox page.
  const emailPreview = helmet({
    ...common,
    xFrameOptions: { action: 'sameorigin' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'style-src': ["'unsafe-inline'"],
        'img-src': ["'self'", 'https:', 'data:'],
        'font-src': ['https:', 'data:'],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'self'"],
        sandbox: [],
      },
    },
  });
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
    (EMAIL_PREVIEW_PATH.test(req.path) ? emailPreview : portal)(req, res, next);
  };
}

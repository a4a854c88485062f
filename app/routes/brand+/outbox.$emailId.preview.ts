import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { findOutboxEmail } from '~/email/outbox.server';
import { invariantResponse } from '~/http.server';

/**
 * An email's HTML as its recipient's mail client shows it, framed by the outbox page. It is served
 * apart (not as the frame's srcdoc) so it gets its own Content-Security-Policy: the email's inline
 * styles are allowed here, no script anywhere (app/server/security-headers.server.ts).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const email = await findOutboxEmail(brand.id, params.emailId ?? '');
  invariantResponse(email, 'Email not found');
  return new Response(email.html, {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' },
  });
}

import type { ActionFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { parseForm } from '~/forms/parse-form';
import { invariantResponse } from '~/http.server';
import { queueLinkEmails } from '~/links/email-links.server';
import { emailLinksSchema } from '~/links/schemas';

/**
 * Email Members: queues one email per link (all, or the selected ones) of the offer.
 * A resource route (no page), so it answers Responses: Remix sends a resource route's plain data
 * as JSON with status 200, whatever status `data()` asked for.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'links');
  const parsed = parseForm(emailLinksSchema, await request.formData());
  if (!parsed.ok) return Response.json({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await queueLinkEmails(brand.id, params.offerId ?? '', {
    requestId: parsed.data.requestId,
    scope: parsed.data.scope,
    linkIds: parsed.data.linkId,
  });
  invariantResponse(result, 'Offer or link not found');
  return Response.json({ ok: true, queued: result.queued });
}

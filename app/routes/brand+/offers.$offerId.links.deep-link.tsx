import type { ActionFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { parseForm } from '~/forms/parse-form';
import { invariantResponse } from '~/http.server';
import { createDeepLink } from '~/links/offer-links.server';
import { deepLinkSchema } from '~/links/schemas';

/**
 * A further deep link for a member, created by the brand on the member’s behalf.
 * A resource route (no page), so it answers Responses: Remix sends a resource route's plain data
 * as JSON with status 200, whatever status `data()` asked for.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'links');
  const parsed = parseForm(deepLinkSchema, await request.formData());
  if (!parsed.ok) return Response.json({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await createDeepLink(brand.id, params.offerId ?? '', parsed.data);
  invariantResponse(result, 'Offer not found');
  if (!result.ok) return Response.json({ fieldErrors: result.fieldErrors }, { status: 400 });
  return Response.json({ ok: true, linkId: result.linkId, created: result.created });
}

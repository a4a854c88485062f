import type { ActionFunctionArgs } from '@remix-run/node';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { parseForm } from '~/forms/parse-form';
import { badRequest, invariantResponse } from '~/http.server';
import { createDeepLink } from '~/links/offer-links.server';
import { deepLinkSchema } from '~/links/schemas';

/** A further deep link for a member, created by the brand on the member's behalf. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandUser(request);
  const parsed = parseForm(deepLinkSchema, await request.formData());
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors });
  const result = await createDeepLink(brand.id, params.offerId ?? '', parsed.data);
  invariantResponse(result, 'Offer not found');
  if (!result.ok) return badRequest({ fieldErrors: result.fieldErrors });
  return { ok: true, linkId: result.linkId, created: result.created };
}

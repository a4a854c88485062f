import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { requireBrandRole } from '~/auth/permissions.server';
import { parseForm } from '~/forms/parse-form';
import { invariantResponse } from '~/http.server';
import { removeOffer, restoreOffer } from '~/offers/offers.server';

const removeForm = z.object({ intent: z.enum(['remove', 'restore']) });

/**
 * "Archive offer" / "Delete offer" (after the confirmation dialog) and "Restore offer" from the
 * offer header: an offer with links or conversions is archived and its page stays (with
 * Restore); one with neither is deleted and the offers list follows.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'offers');
  const parsed = parseForm(removeForm, await request.formData());
  invariantResponse(parsed.ok, 'Unknown action', 400);
  const base = `/brand/offers/${params.offerId}`;
  if (parsed.data.intent === 'restore') {
    invariantResponse(await restoreOffer(brand.id, params.offerId), 'Offer not found');
    return redirect(base);
  }
  const removed = await removeOffer(brand.id, params.offerId);
  invariantResponse(removed, 'Offer not found');
  return redirect(removed.archived ? base : '/brand/offers?deleted=1');
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireBrandRole(request, 'read');
  throw new Response('Not found', { status: 404 });
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { requireBrandRole } from '~/auth/permissions.server';
import { parseForm } from '~/forms/parse-form';
import { invariantResponse } from '~/http.server';
import { setOfferStatus } from '~/offers/offers.server';

const statusForm = z.object({
  status: z.enum(['active', 'paused']),
  redirectTo: z.string().optional(),
});

/** Pause / Resume: one click from the offer header; the redirect path follows at once. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'offers');
  const parsed = parseForm(statusForm, await request.formData());
  invariantResponse(parsed.ok, 'Choose active or paused', 400);
  const changed = await setOfferStatus(brand.id, params.offerId, parsed.data.status);
  invariantResponse(changed, 'Offer not found');
  const base = `/brand/offers/${params.offerId}`;
  const back = parsed.data.redirectTo;
  // Only back to a page of this offer: never an open redirect.
  return redirect(back && (back === base || back.startsWith(`${base}/`)) ? back : base);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireBrandRole(request, 'read');
  throw new Response('Not found', { status: 404 });
}

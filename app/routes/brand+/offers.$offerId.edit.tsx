import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { badRequest, invariantResponse } from '~/http.server';
import { offerFormDefaults } from '~/offers/form-defaults';
import { OfferForm } from '~/offers/offer-form';
import { readOfferSubmission } from '~/offers/offer-submission.server';
import { getOffer, saveOffer } from '~/offers/offers.server';

export const meta: MetaFunction = () => [{ title: 'Offer settings · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  return { defaults: offerFormDefaults(offer), updatedAt: offer.updatedAt.toISOString() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'offers');
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  const submission = await readOfferSubmission(request, { currentEndsAt: offer.endsAt });
  if (!submission.ok) return badRequest({ fieldErrors: submission.fieldErrors });
  const saved = await saveOffer(brand.id, offer.id, submission.input, submission.image);
  invariantResponse(saved, 'Offer not found');
  if (!saved.ok) return badRequest({ fieldErrors: saved.fieldErrors });
  return redirect(`/brand/offers/${offer.id}/edit?saved=1`);
}

export default function EditOffer() {
  const { defaults, updatedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="max-w-4xl">
      {searchParams.get('saved') && !actionData ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800 ring-1 ring-green-200"
        >
          Offer saved. Tracking links use the new settings from now on.
        </p>
      ) : null}
      {/* Keyed by the saved version so the form starts from the stored values after each save. */}
      <OfferForm
        key={updatedAt}
        defaults={defaults}
        errors={actionData?.fieldErrors}
        submitLabel="Save changes"
      />
    </div>
  );
}

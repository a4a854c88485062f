import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { PageHeader, BackLink } from '~/components/ui/layout';
import { badRequest } from '~/http.server';
import { NEW_OFFER_DEFAULTS } from '~/offers/form-defaults';
import { OfferForm } from '~/offers/offer-form';
import { readOfferSubmission } from '~/offers/offer-submission.server';
import { saveOffer } from '~/offers/offers.server';

export const meta: MetaFunction = () => [{ title: 'New offer · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireBrandRole(request, 'read');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'offers');
  const submission = await readOfferSubmission(request, {});
  if (!submission.ok) return badRequest({ fieldErrors: submission.fieldErrors });
  const saved = await saveOffer(brand.id, null, submission.input, submission.image);
  if (!saved?.ok) return badRequest({ fieldErrors: saved?.fieldErrors ?? {} });
  return redirect(`/brand/offers/${saved.offerId}`);
}

export default function NewOffer() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl">
      <BackLink to="/brand/offers">Offers</BackLink>
      <PageHeader
        title="New offer"
        description="Set the destination, how conversions are tracked and what members earn. You can change everything later."
      />
      <OfferForm
        defaults={NEW_OFFER_DEFAULTS}
        errors={actionData?.fieldErrors}
        submitLabel="Create offer"
      />
    </div>
  );
}

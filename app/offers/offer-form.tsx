import { Form, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { Button } from '~/components/ui/button';
import { ErrorList } from '~/components/ui/field';
import type { FieldErrors } from '~/forms/parse-form';
import type { OfferFormDefaults } from './form-defaults';
import { BasicsSection } from './offer-form-sections/basics';
import { DeepLinksSection } from './offer-form-sections/deep-links';
import { DestinationPreview, DestinationSection } from './offer-form-sections/destination';
import { PayoutsSection } from './offer-form-sections/payouts';
import { UtmSection } from './offer-form-sections/utm';
import type { UtmField } from './schemas';

/**
 * The offer create/edit form: every field of an offer, one component per section. The values that
 * cross sections live here: the name, offer URL, UTM fields and click id parameter feed the
 * destination preview, and the currency the payout amounts.
 */
export function OfferForm({
  defaults,
  errors = {},
  submitLabel,
}: {
  defaults: OfferFormDefaults;
  errors?: FieldErrors;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting';

  const [name, setName] = useState(defaults.name);
  const [offerUrl, setOfferUrl] = useState(defaults.offerUrl);
  const [currency, setCurrency] = useState(defaults.currency);
  const [clickIdParam, setClickIdParam] = useState(defaults.clickIdParam);
  const [utm, setUtm] = useState<Record<UtmField, string>>({
    utmSource: defaults.utmSource,
    utmMedium: defaults.utmMedium,
    utmCampaign: defaults.utmCampaign,
    utmContent: defaults.utmContent,
    utmTerm: defaults.utmTerm,
  });

  const errorCount = Object.keys(errors).length;

  return (
    <Form method="post" encType="multipart/form-data" className="space-y-6">
      {errorCount > 0 ? (
        <div
          role="alert"
          className="rounded-md bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200"
        >
          Please fix the {errorCount === 1 ? 'field' : 'fields'} marked below. Nothing was saved.
          <ErrorList errors={errors.form} />
        </div>
      ) : null}

      <BasicsSection defaults={defaults} errors={errors} name={name} onNameChange={setName} />
      <DestinationSection
        defaults={defaults}
        errors={errors}
        offerUrl={offerUrl}
        onOfferUrlChange={setOfferUrl}
        currency={currency}
        onCurrencyChange={setCurrency}
        clickIdParam={clickIdParam}
        onClickIdParamChange={setClickIdParam}
      />
      <PayoutsSection defaults={defaults} errors={errors} currency={currency} />
      <UtmSection
        errors={errors}
        utm={utm}
        onUtmChange={setUtm}
        preview={
          <DestinationPreview
            offerUrl={offerUrl}
            offerName={name}
            utm={utm}
            clickIdParam={clickIdParam}
          />
        }
      />
      <DeepLinksSection defaults={defaults} errors={errors} />

      <div className="flex justify-end">
        <Button type="submit" disabled={submitting}>
          {submitting ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </Form>
  );
}

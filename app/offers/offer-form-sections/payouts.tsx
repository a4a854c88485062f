import { useState } from 'react';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { SelectField } from '~/components/ui/select';
import { useRows } from '~/components/use-rows';
import type { FieldErrors } from '~/forms/parse-form';
import {
  amountInputProps,
  amountRangeText,
  CPA_AMOUNT_RANGE,
  currencyExponent,
  percentInputProps,
  percentRangeText,
} from '../../money/money';
import type { OfferFormDefaults, PayoutRowValues } from '../form-defaults';
import { PAYOUT_TYPES } from '../options';
import { MAX_PAYOUT_OPTIONS, PAYOUT_TITLE_MAX } from '../schemas';
import { Section } from './section';

/** The payout options: rows added and removed in the browser, exactly one of them the default. */
export function PayoutsSection({
  defaults,
  errors,
  currency,
}: {
  defaults: OfferFormDefaults;
  errors: FieldErrors;
  currency: string;
}) {
  const payouts = useRows<PayoutRowValues>(() => defaults.payouts);
  const [defaultIndex, setDefaultIndex] = useState(() =>
    Math.max(
      0,
      defaults.payouts.findIndex((p) => p.isDefault),
    ),
  );
  const currencyDigits = currencyExponent(currency);

  function removePayout(index: number) {
    payouts.remove(index);
    if (defaultIndex === index) setDefaultIndex(0);
    else if (defaultIndex > index) setDefaultIndex(defaultIndex - 1);
  }

  return (
    <Section
      title="Payout options"
      description="What members earn. Each link uses the default unless you pick another option for it."
    >
      <ErrorList errors={errors.payouts} />
      <ol className="space-y-3">
        {payouts.rows.map((row, index) => (
          <li key={row.key} className="rounded-md p-3 ring-1 ring-slate-200">
            <fieldset>
              <legend className="sr-only">Payout option {index + 1}</legend>
              <input type="hidden" name={`payouts.${index}.id`} value={row.id} />
              <div className="grid gap-3 sm:grid-cols-[1fr_14rem_10rem]">
                <Field
                  label={`Title (option ${index + 1})`}
                  name={`payouts.${index}.title`}
                  required
                  maxLength={PAYOUT_TITLE_MAX}
                  value={row.title}
                  onChange={(e) => payouts.update(index, { title: e.target.value })}
                  errors={errors[`payouts.${index}.title`] ?? errors[`payouts.${index}.id`]}
                />
                <SelectField
                  label="Type"
                  name={`payouts.${index}.type`}
                  value={row.type}
                  onChange={(e) =>
                    payouts.update(index, { type: e.target.value as PayoutRowValues['type'] })
                  }
                  options={PAYOUT_TYPES}
                  errors={errors[`payouts.${index}.type`]}
                />
                <Field
                  label={row.type === 'cps_percent' ? 'Percent of sale' : `Amount (${currency})`}
                  name={`payouts.${index}.value`}
                  {...(row.type === 'cps_percent'
                    ? percentInputProps()
                    : amountInputProps(CPA_AMOUNT_RANGE, currency))}
                  required
                  placeholder={
                    row.type === 'cps_percent' ? '10' : currencyDigits ? '15.00' : '1500'
                  }
                  value={row.value}
                  onChange={(e) => payouts.update(index, { value: e.target.value })}
                  errors={errors[`payouts.${index}.value`]}
                  hint={
                    row.type === 'cps_percent'
                      ? `${capitalized(percentRangeText())}, e.g. 12.5 for 12.5 %`
                      : `${capitalized(amountRangeText(CPA_AMOUNT_RANGE, currency))}, e.g. ${currencyDigits ? '15.00' : '1500'}`
                  }
                />
              </div>
              <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-sm">
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="defaultPayout"
                    value={index}
                    checked={defaultIndex === index}
                    onChange={() => setDefaultIndex(index)}
                  />
                  Default option
                </label>
                {row.links > 0 ? (
                  <span className="text-xs text-slate-500">
                    Used by {row.links} link{row.links === 1 ? '' : 's'}: it can’t be removed,
                    because their earnings are computed with it.
                  </span>
                ) : (
                  <button
                    type="button"
                    className="font-medium text-red-700 hover:underline disabled:text-slate-400 disabled:no-underline"
                    disabled={payouts.rows.length === 1}
                    onClick={() => removePayout(index)}
                    aria-label={`Remove payout option ${index + 1}${row.title ? ` (${row.title})` : ''}`}
                  >
                    Remove
                  </button>
                )}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {payouts.rows.length < MAX_PAYOUT_OPTIONS ? (
        <Button
          type="button"
          variant="secondary"
          onClick={() =>
            payouts.add({
              id: '',
              title: '',
              type: 'cps_percent',
              value: '',
              isDefault: false,
              links: 0,
            })
          }
        >
          Add payout option
        </Button>
      ) : null}
    </Section>
  );
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

import { useEffect, useId, useState, type ReactNode } from 'react';
import { ErrorList, Field, inputClass } from '~/components/ui/field';
import { SelectField } from '~/components/ui/select';
import type { FieldErrors } from '~/forms/parse-form';
import { appendClickId, renderLinkDestination, type UtmSettings } from '~/links/destination';
import { CURRENCIES } from '../../money/money';
import { HOLDING_PERIOD_DAYS, HOLDING_PERIOD_PRESETS } from '../../payouts/schemas';
import { wholeNumberInputProps, wholeNumberRangeText } from '~/forms/number-range';
import { offsetFor, toLocalInput } from '../end-date';
import type { OfferFormDefaults } from '../form-defaults';
import { CONVERSION_TYPES, TRACKING_METHODS } from '../options';
import {
  ATTRIBUTION_WINDOW_DAYS,
  RECURRING_MONTHS,
  DEFAULT_CLICK_ID_PARAM,
  OFFER_URL_MAX,
  offerUrlError,
  type UtmField,
} from '../schemas';
import { Section } from './section';

/** The sample member the destination preview renders for. */
export const SAMPLE_MEMBER = {
  creator_name: 'Maya Lopez',
  creator_ig_username: 'maya.glows',
  creator_tiktok_username: 'mayalopez',
  project_name: 'Spring Launch',
  member_id: '7d3f0c2e-5b1a-4c8e-9f61-2a4b8c9d0e11',
} as const;

const SAMPLE_CLICK_ID = 'c_8Kq2xZ';

/**
 * Offer URL, conversion type, currency, tracking method, attribution window, holding period, click
 * id parameter and end date (typed in the browser's time zone).
 */
export function DestinationSection({
  defaults,
  errors,
  offerUrl,
  onOfferUrlChange,
  currency,
  onCurrencyChange,
  clickIdParam,
  onClickIdParamChange,
}: {
  defaults: OfferFormDefaults;
  errors: FieldErrors;
  offerUrl: string;
  onOfferUrlChange: (value: string) => void;
  currency: string;
  onCurrencyChange: (value: string) => void;
  clickIdParam: string;
  onClickIdParamChange: (value: string) => void;
}) {
  // The end date is entered in the browser's time zone. The server render shows UTC (and says so)
  // until the browser takes over, so the form also works without JavaScript.
  const [endsAt, setEndsAt] = useState(() =>
    defaults.endsAtIso ? defaults.endsAtIso.slice(0, 16) : '',
  );
  const [tzOffset, setTzOffset] = useState('0');
  const [timeZone, setTimeZone] = useState('UTC');
  useEffect(() => {
    setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'your time zone');
    if (defaults.endsAtIso) {
      const local = toLocalInput(defaults.endsAtIso);
      setEndsAt(local);
      setTzOffset(offsetFor(local));
    }
  }, [defaults.endsAtIso]);

  return (
    <Section title="Destination and tracking">
      <Field
        label="Offer URL"
        name="offerUrl"
        type="text"
        inputMode="url"
        autoComplete="url"
        required
        maxLength={OFFER_URL_MAX}
        placeholder="https://shop.example.com/product"
        value={offerUrl}
        onChange={(e) => onOfferUrlChange(e.target.value)}
        errors={errors.offerUrl}
        hint="Where a tracking link sends shoppers by default. A full address starting with https://."
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label="Conversion type"
          name="conversionType"
          defaultValue={defaults.conversionType}
          options={CONVERSION_TYPES.map((t) => ({
            value: t.value,
            label: `${t.label} — ${t.hint}`,
          }))}
          errors={errors.conversionType}
        />
        <SelectField
          label="Currency"
          name="currency"
          value={currency}
          onChange={(e) => onCurrencyChange(e.target.value)}
          options={CURRENCIES.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))}
          errors={errors.currency}
          hint="Payout amounts and reported sales are in this currency."
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Tracking method</legend>
        <p className="text-xs text-slate-500">
          How your site reports conversions. If unsure, choose JavaScript postback.
        </p>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {TRACKING_METHODS.map((method) => (
            <label
              key={method.value}
              className="flex cursor-pointer items-start gap-2 rounded-md p-3 text-sm ring-1 ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-500"
            >
              <input
                type="radio"
                name="trackingMethod"
                value={method.value}
                defaultChecked={defaults.trackingMethod === method.value}
                className="mt-0.5"
              />
              <span>
                <span className="font-medium text-slate-800">{method.label}</span>
                <span className="block text-xs text-slate-600">{method.hint}</span>
              </span>
            </label>
          ))}
        </div>
        <ErrorList errors={errors.trackingMethod} />
      </fieldset>
      <div className="grid gap-5 sm:grid-cols-3">
        <Field
          label="Attribution window (days)"
          name="attributionWindowDays"
          {...wholeNumberInputProps(ATTRIBUTION_WINDOW_DAYS)}
          required
          defaultValue={defaults.attributionWindowDays}
          errors={errors.attributionWindowDays}
          hint={`How long after a click a conversion still counts: ${wholeNumberRangeText(ATTRIBUTION_WINDOW_DAYS)}.`}
        />
        <HoldingPeriodField defaults={defaults} errors={errors} />
        <Field
          label="Pay renewals for (months)"
          name="recurringMonths"
          {...wholeNumberInputProps(RECURRING_MONTHS)}
          defaultValue={defaults.recurringMonths}
          errors={errors.recurringMonths}
          hint={`Subscriptions: each renewal (Stripe invoice.paid, or a member postback with period) earns a commission for this many months after the first sale, ${wholeNumberRangeText(RECURRING_MONTHS)}. Empty: renewals earn nothing.`}
        />
        <Field
          label="Click id parameter"
          name="clickIdParam"
          maxLength={64}
          pattern="[A-Za-z0-9_.\-]{1,64}"
          value={clickIdParam}
          onChange={(e) => onClickIdParamChange(e.target.value)}
          errors={errors.clickIdParam}
          hint="Query parameter that carries the click id to your site."
        />
      </div>
      <div>
        <label htmlFor="offer-ends-at" className="block text-sm font-medium text-slate-800">
          End date <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <input
            id="offer-ends-at"
            type="datetime-local"
            name="endsAt"
            value={endsAt}
            onChange={(e) => {
              setEndsAt(e.target.value);
              setTzOffset(offsetFor(e.target.value));
            }}
            className={`${inputClass} max-w-xs`}
            aria-describedby="offer-ends-at-hint"
            aria-invalid={errors.endsAt ? true : undefined}
          />
          <input type="hidden" name="tzOffset" value={tzOffset} />
          {endsAt ? (
            <button
              type="button"
              className="text-sm font-medium text-brand-700 hover:underline"
              onClick={() => setEndsAt('')}
            >
              Clear end date
            </button>
          ) : null}
        </div>
        <p id="offer-ends-at-hint" className="mt-1 text-xs text-slate-500">
          In your time zone ({timeZone}). After it, links keep working but conversions are rejected.
        </p>
        <ErrorList errors={errors.endsAt} />
      </div>
    </Section>
  );
}

/**
 * The holding period: a preset (HOLDING_PERIOD_PRESETS) or "Custom…" with its number of days.
 * Both controls are submitted and the server takes the preset unless it is "custom"
 * (offerFormValues), so the form works before (or without) JavaScript, when the number input is
 * always shown; once hydrated, it is shown only for "Custom…".
 */
function HoldingPeriodField({
  defaults,
  errors,
}: {
  defaults: OfferFormDefaults;
  errors: FieldErrors;
}) {
  const initial = defaults.holdingPeriodDays;
  const isPreset = (HOLDING_PERIOD_PRESETS as readonly number[]).includes(initial);
  const [preset, setPreset] = useState(isPreset ? String(initial) : 'custom');
  const [days, setDays] = useState(String(initial));
  const [hydrated, setHydrated] = useState(false);
  const selectId = `${useId()}-holding-preset`;
  const daysId = `${useId()}-holding-days`;
  useEffect(() => {
    // What was chosen or typed before the page was hydrated: a number that is not the selected
    // preset means "Custom…".
    const chosen = (document.getElementById(selectId) as HTMLSelectElement | null)?.value ?? preset;
    const typed = (document.getElementById(daysId) as HTMLInputElement | null)?.value ?? days;
    setDays(typed);
    setPreset(chosen !== 'custom' && typed.trim() !== chosen ? 'custom' : chosen);
    setHydrated(true);
    // Once, on hydration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const invalid = Boolean(errors.holdingPeriodDays?.length);
  return (
    <div className="space-y-3">
      <SelectField
        id={selectId}
        label="Holding period"
        name="holdingPeriodPreset"
        value={preset}
        onChange={(e) => {
          setPreset(e.target.value);
          if (e.target.value !== 'custom') setDays(e.target.value);
        }}
        options={[
          ...HOLDING_PERIOD_PRESETS.map((d) => ({
            value: String(d),
            label: d === 0 ? 'None (approved at once)' : `${d} days`,
          })),
          { value: 'custom', label: 'Custom…' },
        ]}
        errors={preset === 'custom' ? undefined : errors.holdingPeriodDays}
        hint="Days before a commission is approved, to allow for returns."
      />
      {!hydrated || preset === 'custom' || invalid ? (
        <Field
          id={daysId}
          label="Holding period (days)"
          name="holdingPeriodDays"
          {...wholeNumberInputProps(HOLDING_PERIOD_DAYS)}
          required={preset === 'custom'}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          errors={preset === 'custom' ? errors.holdingPeriodDays : undefined}
          hint={`A whole number ${wholeNumberRangeText(HOLDING_PERIOD_DAYS)} (used with “Custom…”).`}
        />
      ) : (
        <input type="hidden" name="holdingPeriodDays" value={days} />
      )}
    </div>
  );
}

/**
 * The live preview of a link's destination for a sample member: the offer URL with the UTM
 * parameters filled in and the click id appended, as the redirect will build it.
 */
export function DestinationPreview({
  offerUrl,
  offerName,
  utm,
  clickIdParam,
}: {
  offerUrl: string;
  offerName: string;
  utm: Record<UtmField, string>;
  clickIdParam: string;
}): ReactNode {
  let preview: { ok: true; url: string } | { ok: false; message: string };
  try {
    if (offerUrlError(offerUrl.trim())) throw new Error('not an http(s) URL');
    const destination = renderLinkDestination(offerUrl.trim(), utm as UtmSettings, {
      ...SAMPLE_MEMBER,
      link_offer_name: offerName.trim() || 'Your offer',
    });
    preview = {
      ok: true,
      url: appendClickId(
        destination,
        clickIdParam.trim() || DEFAULT_CLICK_ID_PARAM,
        SAMPLE_CLICK_ID,
      ),
    };
  } catch {
    preview = { ok: false, message: 'Enter a valid offer URL above to see the preview.' };
  }
  return (
    <div className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <p className="text-sm font-medium text-slate-800">
        Preview for a sample member ({SAMPLE_MEMBER.creator_name}, @
        {SAMPLE_MEMBER.creator_ig_username})
      </p>
      <output
        data-testid="utm-preview"
        aria-live="polite"
        className="mt-1 block break-all font-mono text-xs text-slate-700"
      >
        {preview.ok ? preview.url : preview.message}
      </output>
    </div>
  );
}

import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '~/components/ui/button';
import { CheckboxField } from '~/components/ui/checkbox';
import { ErrorList, Field, inputClass } from '~/components/ui/field';
import { Card } from '~/components/ui/layout';
import { SelectField } from '~/components/ui/select';
import type { FieldErrors } from '~/forms/parse-form';
import {
  appendClickId,
  renderLinkDestination,
  UTM_PARAMS,
  UTM_VARIABLES,
  type UtmSettings,
} from '~/links/destination';
import type { OfferFormDefaults, PayoutRowValues } from './form-defaults';
import { CURRENCIES, currencyExponent } from '../money/money';
import { OFFER_ICONS, OFFER_ICON_NAMES, OfferIcon } from './offer-icon';
import {
  CONVERSION_TYPES,
  DEFAULT_CLICK_ID_PARAM,
  MAX_ADDITIONAL_DOMAINS,
  MAX_PAYOUT_OPTIONS,
  OFFER_DESCRIPTION_MAX,
  OFFER_NAME_MAX,
  OFFER_URL_MAX,
  offerUrlError,
  PAYOUT_TITLE_MAX,
  PAYOUT_TYPES,
  TRACKING_METHODS,
  UTM_FIELDS,
  type UtmField,
} from './schemas';

/** The sample member the UTM preview renders for. */
export const SAMPLE_MEMBER = {
  creator_name: 'Maya Lopez',
  creator_ig_username: 'maya.glows',
  creator_tiktok_username: 'mayalopez',
  project_name: 'Spring Launch',
  member_id: '7d3f0c2e-5b1a-4c8e-9f61-2a4b8c9d0e11',
} as const;

const SAMPLE_CLICK_ID = 'c_8Kq2xZ';

let rowCounter = 0;
const rowKey = () => `row-${rowCounter++}`;

type PayoutRow = PayoutRowValues & { key: string };

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-4 space-y-5">{children}</div>
    </Card>
  );
}

/** "2026-12-31T23:59" in the browser's time zone for an instant. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function offsetFor(localValue: string): string {
  if (!localValue) return '0';
  const date = new Date(localValue); // a date-time without zone is read as local time
  return Number.isNaN(date.getTime()) ? '0' : String(date.getTimezoneOffset());
}

/** The offer create/edit form: every field of an offer, with client-side rows and a live preview. */
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
  const [picture, setPicture] = useState(defaults.picture);
  const [clickIdParam, setClickIdParam] = useState(defaults.clickIdParam);
  const [payouts, setPayouts] = useState<PayoutRow[]>(() =>
    defaults.payouts.map((p) => ({ ...p, key: rowKey() })),
  );
  const [defaultIndex, setDefaultIndex] = useState(() =>
    Math.max(
      0,
      defaults.payouts.findIndex((p) => p.isDefault),
    ),
  );
  const [utm, setUtm] = useState<Record<UtmField, string>>({
    utmSource: defaults.utmSource,
    utmMedium: defaults.utmMedium,
    utmCampaign: defaults.utmCampaign,
    utmContent: defaults.utmContent,
    utmTerm: defaults.utmTerm,
  });
  const utmInputs = useRef<Partial<Record<UtmField, HTMLInputElement | null>>>({});
  const [lastUtmField, setLastUtmField] = useState<UtmField>('utmSource');
  const [domains, setDomains] = useState(() =>
    defaults.additionalDomains.map((value) => ({ key: rowKey(), value })),
  );
  const [allowDeepLinks, setAllowDeepLinks] = useState(defaults.allowCreatorDeepLinks);

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

  const currencyDigits = currencyExponent(currency);

  let preview: { ok: true; url: string } | { ok: false; message: string };
  try {
    if (offerUrlError(offerUrl.trim())) throw new Error('not an http(s) URL');
    const destination = renderLinkDestination(offerUrl.trim(), utm as UtmSettings, {
      ...SAMPLE_MEMBER,
      link_offer_name: name.trim() || 'Your offer',
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

  function insertVariable(variable: string) {
    const field = lastUtmField;
    const input = utmInputs.current[field];
    const current = utm[field];
    const start = input?.selectionStart ?? current.length;
    const end = input?.selectionEnd ?? current.length;
    const token = `{${variable}}`;
    const next = current.slice(0, start) + token + current.slice(end);
    setUtm({ ...utm, [field]: next });
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function updatePayout(index: number, patch: Partial<PayoutRow>) {
    setPayouts(payouts.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  }

  function removePayout(index: number) {
    setPayouts(payouts.filter((_, i) => i !== index));
    if (defaultIndex === index) setDefaultIndex(0);
    else if (defaultIndex > index) setDefaultIndex(defaultIndex - 1);
  }

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

      <Section title="Basics">
        <Field
          label="Offer name"
          name="name"
          required
          maxLength={OFFER_NAME_MAX}
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={errors.name}
          hint="Members see this name on their dashboard."
        />
        <div>
          <label htmlFor="offer-description" className="block text-sm font-medium text-slate-800">
            Description <span className="font-normal text-slate-500">(internal only)</span>
          </label>
          <textarea
            id="offer-description"
            name="description"
            rows={3}
            maxLength={OFFER_DESCRIPTION_MAX}
            defaultValue={defaults.description}
            className={`mt-1 ${inputClass}`}
            aria-describedby="offer-description-hint"
            aria-invalid={errors.description ? true : undefined}
          />
          <p id="offer-description-hint" className="mt-1 text-xs text-slate-500">
            For your team only: never shown to members and never included in emails.
          </p>
          <ErrorList errors={errors.description} />
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Picture</legend>
          <p className="text-xs text-slate-500">
            Upload an image (PNG, JPEG or WebP, up to 2 MB) or pick one of the built-in icons.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <PictureChoice value="none" current={picture} onChange={setPicture} label="None">
              <span className="text-xs text-slate-500">None</span>
            </PictureChoice>
            {defaults.imageId ? (
              <PictureChoice
                value="image"
                current={picture}
                onChange={setPicture}
                label="Current image"
              >
                <img
                  src={`/offer-images/${defaults.imageId}`}
                  alt=""
                  className="h-8 w-8 rounded object-cover"
                />
              </PictureChoice>
            ) : null}
            {OFFER_ICON_NAMES.map((icon) => (
              <PictureChoice
                key={icon}
                value={icon}
                current={picture}
                onChange={setPicture}
                label={OFFER_ICONS[icon].label}
              >
                <OfferIcon name={icon} className="h-6 w-6 text-brand-700" />
              </PictureChoice>
            ))}
            <PictureChoice value="upload" current={picture} onChange={setPicture} label="Upload">
              <span className="text-xs text-slate-600">Upload</span>
            </PictureChoice>
          </div>
          <div className="mt-3">
            <label htmlFor="offer-image" className="block text-sm font-medium text-slate-800">
              Image file
            </label>
            <input
              id="offer-image"
              type="file"
              name="image"
              accept="image/png,image/jpeg,image/webp"
              className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-semibold"
              aria-invalid={errors.image ? true : undefined}
              onChange={(e) => {
                if (e.target.files?.length) setPicture('upload');
              }}
            />
            <ErrorList errors={errors.image ?? errors.picture} />
          </div>
        </fieldset>

        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Status</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            {(
              [
                ['active', 'Active', 'Tracking conversions.'],
                ['paused', 'Paused', 'Links still redirect, but conversions are rejected.'],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} className="flex items-start gap-2">
                <input
                  type="radio"
                  name="status"
                  value={value}
                  defaultChecked={defaults.status === value}
                  className="mt-0.5"
                />
                <span>
                  <span className="font-medium text-slate-800">{label}</span>
                  <span className="block text-xs text-slate-500">{hint}</span>
                </span>
              </label>
            ))}
          </div>
          <ErrorList errors={errors.status} />
        </fieldset>
      </Section>

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
          onChange={(e) => setOfferUrl(e.target.value)}
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
            onChange={(e) => setCurrency(e.target.value)}
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
            type="number"
            min={1}
            max={365}
            required
            defaultValue={defaults.attributionWindowDays}
            errors={errors.attributionWindowDays}
            hint="How long after a click a conversion still counts (1–365)."
          />
          <Field
            label="Holding period (days)"
            name="holdingPeriodDays"
            type="number"
            min={0}
            max={365}
            required
            defaultValue={defaults.holdingPeriodDays}
            errors={errors.holdingPeriodDays}
            hint="Days before a commission is approved, to allow for returns (0–365)."
          />
          <Field
            label="Click id parameter"
            name="clickIdParam"
            maxLength={64}
            pattern="[A-Za-z0-9_.\-]{1,64}"
            value={clickIdParam}
            onChange={(e) => setClickIdParam(e.target.value)}
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
            In your time zone ({timeZone}). After it, links keep working but conversions are
            rejected.
          </p>
          <ErrorList errors={errors.endsAt} />
        </div>
      </Section>

      <Section
        title="Payout options"
        description="What members earn. Each link uses the default unless you pick another option for it."
      >
        <ErrorList errors={errors.payouts} />
        <ol className="space-y-3">
          {payouts.map((row, index) => (
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
                    onChange={(e) => updatePayout(index, { title: e.target.value })}
                    errors={errors[`payouts.${index}.title`] ?? errors[`payouts.${index}.id`]}
                  />
                  <SelectField
                    label="Type"
                    name={`payouts.${index}.type`}
                    value={row.type}
                    onChange={(e) =>
                      updatePayout(index, { type: e.target.value as PayoutRow['type'] })
                    }
                    options={PAYOUT_TYPES}
                    errors={errors[`payouts.${index}.type`]}
                  />
                  <Field
                    label={row.type === 'cps_percent' ? 'Percent of sale' : `Amount (${currency})`}
                    name={`payouts.${index}.value`}
                    inputMode="decimal"
                    required
                    placeholder={
                      row.type === 'cps_percent' ? '10' : currencyDigits ? '15.00' : '1500'
                    }
                    value={row.value}
                    onChange={(e) => updatePayout(index, { value: e.target.value })}
                    errors={errors[`payouts.${index}.value`]}
                    hint={row.type === 'cps_percent' ? 'e.g. 12.5 for 12.5 %' : 'e.g. 15.00'}
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
                      disabled={payouts.length === 1}
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
        {payouts.length < MAX_PAYOUT_OPTIONS ? (
          <Button
            type="button"
            variant="secondary"
            onClick={() =>
              setPayouts([
                ...payouts,
                {
                  key: rowKey(),
                  id: '',
                  title: '',
                  type: 'cps_percent',
                  value: '',
                  isDefault: false,
                  links: 0,
                },
              ])
            }
          >
            Add payout option
          </Button>
        ) : null}
      </Section>

      <Section
        title="UTM parameters"
        description="Added to every link's destination. Leave a field empty to skip it, type a fixed value, or use variables that are filled in for each member."
      >
        <div className="grid gap-4 sm:grid-cols-2">
          {UTM_FIELDS.map((field) => (
            <div key={field}>
              <label
                htmlFor={`utm-${field}`}
                className="block font-mono text-sm font-medium text-slate-800"
              >
                {UTM_PARAMS[field]}
              </label>
              <input
                id={`utm-${field}`}
                name={field}
                maxLength={200}
                value={utm[field]}
                ref={(el) => {
                  utmInputs.current[field] = el;
                }}
                onFocus={() => setLastUtmField(field)}
                onChange={(e) => setUtm({ ...utm, [field]: e.target.value })}
                placeholder={field === 'utmSource' ? 'e.g. influencer' : undefined}
                className={`mt-1 ${inputClass}`}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={errors[field] ? `utm-${field}-error` : undefined}
              />
              <ErrorList id={`utm-${field}-error`} errors={errors[field]} />
            </div>
          ))}
        </div>
        <div>
          <p className="text-sm font-medium text-slate-800" id="utm-variables-label">
            Insert a variable into {UTM_PARAMS[lastUtmField]}
          </p>
          <div
            className="mt-2 flex flex-wrap gap-2"
            role="group"
            aria-labelledby="utm-variables-label"
          >
            {UTM_VARIABLES.map((variable) => (
              <button
                key={variable}
                type="button"
                className="rounded-full bg-slate-100 px-2.5 py-1 font-mono text-xs text-slate-700 hover:bg-slate-200"
                onClick={() => insertVariable(variable)}
              >
                {`{${variable}}`}
              </button>
            ))}
          </div>
        </div>
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
      </Section>

      <Section
        title="Deep links"
        description="Let members link to any page of your site, not only the offer URL."
      >
        <CheckboxField
          name="allowCreatorDeepLinks"
          label="Allow creators to build deep links"
          hint="Members can create links to other pages on the offer URL's domain and the domains below."
          checked={allowDeepLinks}
          onChange={(e) => setAllowDeepLinks(e.target.checked)}
          errors={errors.allowCreatorDeepLinks}
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Additional domains</legend>
          <p className="text-xs text-slate-500">
            Deep links may point to the offer URL's domain, these domains, and their subdomains.
          </p>
          <ErrorList errors={errors.additionalDomains} />
          <ul className="mt-2 space-y-2">
            {domains.map((row, index) => (
              <li key={row.key}>
                <div className="flex items-center gap-2">
                  <label htmlFor={`domain-${row.key}`} className="sr-only">
                    Additional domain {index + 1}
                  </label>
                  <input
                    id={`domain-${row.key}`}
                    name="additionalDomains"
                    value={row.value}
                    placeholder="shop.example.com"
                    className={`${inputClass} max-w-md`}
                    aria-invalid={errors[`additionalDomains.${index}`] ? true : undefined}
                    onChange={(e) =>
                      setDomains(
                        domains.map((d, i) => (i === index ? { ...d, value: e.target.value } : d)),
                      )
                    }
                  />
                  <button
                    type="button"
                    className="text-sm font-medium text-red-700 hover:underline"
                    onClick={() => setDomains(domains.filter((_, i) => i !== index))}
                    aria-label={`Remove domain ${index + 1}`}
                  >
                    Remove
                  </button>
                </div>
                <ErrorList errors={errors[`additionalDomains.${index}`]} />
              </li>
            ))}
          </ul>
          {domains.length < MAX_ADDITIONAL_DOMAINS ? (
            <Button
              type="button"
              variant="secondary"
              className="mt-2"
              onClick={() => setDomains([...domains, { key: rowKey(), value: '' }])}
            >
              Add domain
            </Button>
          ) : null}
        </fieldset>
      </Section>

      <div className="flex justify-end">
        <Button type="submit" disabled={submitting}>
          {submitting ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </Form>
  );
}

function PictureChoice({
  value,
  current,
  onChange,
  label,
  children,
}: {
  value: string;
  current: string;
  onChange: (value: string) => void;
  label: string;
  children: ReactNode;
}) {
  return (
    <label
      title={label}
      className="flex h-12 min-w-12 cursor-pointer items-center justify-center rounded-md bg-white px-2 ring-1 ring-slate-300 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-600 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500"
    >
      <input
        type="radio"
        name="picture"
        value={value}
        checked={current === value}
        onChange={() => onChange(value)}
        className="sr-only"
        aria-label={label}
      />
      {children}
    </label>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { requireBrandRole } from '~/auth/permissions.server';
import {
  minimumPayoutField,
  minimumPayoutsFromForm,
  settingsActionSchema,
} from '~/brands/settings-schema';
import {
  getTrackingKeys,
  rotatePostbackToken,
  rotatePublishableKey,
  setAllowedOrigins,
} from '~/brands/tracking-keys.server';
import { publicUrl } from '~/config.server';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { Button, buttonClass } from '~/components/ui/button';
import { ErrorList, inputClass } from '~/components/ui/field';
import { Card, PageHeader } from '~/components/ui/layout';
import { brandTimeZone } from '~/reporting/dashboard.server';
import { setReportingTimeZone } from '~/reporting/time-zone.server';
import { minimumPayoutsOf, payoutCurrencies, saveMinimumPayouts } from '~/payouts/payments.server';
import { minimumPayoutFormat } from '~/payouts/schemas';
import { codeConflictRuleOf, setCodeConflictRule } from '~/promo-codes/promo-codes.server';
import { currencyName, formatMinor, formatMoney } from '~/money/money';

export const meta: MetaFunction = () => [{ title: 'Settings · Offerlink' }];

const CONFLICT_RULE_CHOICES = [
  { value: 'code_wins', label: 'The promo code wins (as most affiliate platforms do)' },
  { value: 'click_wins', label: 'The click wins' },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'settings');
  const keys = await getTrackingKeys(brand.id);
  return {
    brandName: brand.name,
    postbackToken: keys.postbackToken,
    publishableKey: keys.publishableKey,
    allowedOrigins: keys.allowedOrigins,
    timeZone: await brandTimeZone(brand.id),
    codeConflictRule: await codeConflictRuleOf(brand.id),
    minimumPayouts: await minimumPayoutsList(brand.id),
    baseUrl: publicUrl(),
  };
}

/**
 * The minimum payout in each currency the brand pays in (its default currency, its offers' and
 * statements'), in that currency's major units: 0 when none is set (decision 036).
 */
async function minimumPayoutsList(brandId: string) {
  const [currencies, minimums] = await Promise.all([
    payoutCurrencies(brandId),
    minimumPayoutsOf(brandId),
  ]);
  return currencies.map((currency) => ({
    currency,
    name: currencyName(currency),
    minor: minimums[currency] ?? 0,
    value: formatMinor(minimums[currency] ?? 0, currency),
    ...minimumPayoutFormat(currency),
  }));
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'settings');
  const formData = await request.formData();
  if (formData.get('intent') === 'save-minimum-payout') {
    const minimums = minimumPayoutsFromForm(formData);
    if (!minimums.ok) {
      return badRequest({
        intent: 'save-minimum-payout',
        fieldErrors: minimums.fieldErrors,
        values: minimums.values,
      });
    }
    await saveMinimumPayouts(brand.id, minimums.minimums, { kind: 'user', userId: user.id });
    const said = Object.entries(minimums.minimums).map(([currency, minor]) =>
      minor === 0 ? `none in ${currency}` : formatMoney(minor, currency),
    );
    return {
      intent: 'save-minimum-payout',
      done: Object.values(minimums.minimums).every((m) => m === 0)
        ? 'Minimum payout saved: none, so every positive balance is due.'
        : `Minimum payout saved: ${said.join(', ')}. Balances below it are carried forward.`,
    };
  }
  const parsed = parseForm(settingsActionSchema, formData);
  if (!parsed.ok) {
    const intent = formData.get('intent');
    return badRequest({
      intent:
        intent === 'save-time-zone' ||
        intent === 'save-minimum-payout' ||
        intent === 'save-code-conflict-rule'
          ? intent
          : 'save-origins',
      fieldErrors: parsed.fieldErrors,
    });
  }
  switch (parsed.data.intent) {
    case 'rotate-postback-token':
      await rotatePostbackToken(brand.id);
      return {
        intent: parsed.data.intent,
        done: 'A new postback token is active; the old one is refused from now on.',
      };
    case 'rotate-publishable-key':
      await rotatePublishableKey(brand.id);
      return {
        intent: parsed.data.intent,
        done: 'A new publishable key is active; update the data-key of your snippet.',
      };
    case 'save-origins':
      await setAllowedOrigins(brand.id, parsed.data.origins);
      return { intent: parsed.data.intent, done: 'Allowed origins saved.' };
    case 'save-minimum-payout':
      // Handled above (one field per currency).
      return { intent: parsed.data.intent };
    case 'save-code-conflict-rule':
      await setCodeConflictRule(brand.id, parsed.data.codeConflictRule);
      return {
        intent: parsed.data.intent,
        done:
          parsed.data.codeConflictRule === 'code_wins'
            ? 'Saved: when a click and a promo code name different creators, the code wins.'
            : 'Saved: when a click and a promo code name different creators, the click wins.',
      };
    case 'save-time-zone':
      await setReportingTimeZone(brand.id, parsed.data.timeZone);
      return {
        intent: parsed.data.intent,
        done: `Reports now count days in ${parsed.data.timeZone}; past days are being recounted.`,
      };
  }
}

type ActionData = {
  intent: string;
  done?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

/** Every IANA time zone the runtime knows, and the brand's own even if it does not. */
function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  if (!zones.includes('UTC')) zones.unshift('UTC');
  return zones.includes(current) ? zones : [current, ...zones];
}

function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          className={`${inputClass} font-mono`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          className={buttonClass('secondary', 'shrink-0')}
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p aria-live="polite" className="sr-only">
        {copied ? `${label} copied` : ''}
      </p>
    </div>
  );
}

function RotateForm({
  intent,
  what,
  consequence,
}: {
  intent: string;
  what: string;
  consequence: string;
}) {
  const navigation = useNavigation();
  const busy = navigation.formData?.get('intent') === intent;
  return (
    <details className="group mt-3">
      <summary className={buttonClass('secondary', 'cursor-pointer list-none')}>
        Rotate {what}…
      </summary>
      <Form method="post" className="mt-3 rounded-md bg-amber-50 p-4 text-sm ring-1 ring-amber-200">
        <p className="text-amber-900">{consequence}</p>
        <input type="hidden" name="intent" value={intent} />
        <Button variant="danger" className="mt-3" disabled={busy}>
          {busy ? 'Rotating…' : `Yes, rotate the ${what}`}
        </Button>
      </Form>
    </details>
  );
}

function Notice({ data, intent }: { data: ActionData | undefined; intent: string }) {
  if (data?.intent !== intent || !data.done) return null;
  return (
    <p
      role="status"
      className="mt-3 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-green-200"
    >
      {data.done}
    </p>
  );
}

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const savingOrigins = navigation.formData?.get('intent') === 'save-origins';
  const savingTimeZone = navigation.formData?.get('intent') === 'save-time-zone';
  const originErrors =
    actionData?.intent === 'save-origins' && actionData.fieldErrors
      ? Object.values(actionData.fieldErrors).flat()
      : undefined;
  const savingMinimum = navigation.formData?.get('intent') === 'save-minimum-payout';
  const minimumAction = actionData?.intent === 'save-minimum-payout' ? actionData : undefined;
  const timeZoneErrors =
    actionData?.intent === 'save-time-zone' && actionData.fieldErrors
      ? Object.values(actionData.fieldErrors).flat()
      : undefined;
  const snippet = `<script async src="${data.baseUrl}/js/offerlink.js" data-key="${data.publishableKey}"></script>`;
  return (
    <>
      <PageHeader
        title="Settings"
        description={`${data.brandName}: the credentials your shop uses to report conversions.`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">Postback token</h2>
          <p className="mt-1 text-sm text-slate-600">
            Secret. Your server sends it as <code>security_token</code> with every postback, or uses
            it as the key of the <code>X-Offerlink-Signature</code> HMAC. Never put it in a web
            page.
          </p>
          <div className="mt-4">
            <CopyField id="postback-token" label="Postback token" value={data.postbackToken} />
          </div>
          <Notice data={actionData} intent="rotate-postback-token" />
          <RotateForm
            intent="rotate-postback-token"
            what="postback token"
            consequence="The current token stops working at once: postbacks still using it are refused until your server has the new one."
          />
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">Publishable key</h2>
          <p className="mt-1 text-sm text-slate-600">
            Public. The JavaScript snippet sends it from your shop&apos;s pages; only the allowed
            origins below may use it.
          </p>
          <div className="mt-4 space-y-4">
            <CopyField id="publishable-key" label="Publishable key" value={data.publishableKey} />
            <CopyField id="snippet" label="Snippet for every page of your shop" value={snippet} />
          </div>
          <Notice data={actionData} intent="rotate-publishable-key" />
          <RotateForm
            intent="rotate-publishable-key"
            what="publishable key"
            consequence="The current key stops working at once: update data-key in the snippet on your shop right after."
          />
        </Card>
        <Card className="lg:col-span-2">
          <h2 className="text-lg font-semibold">Promo code or click</h2>
          <Form method="post" className="mt-2">
            <input type="hidden" name="intent" value="save-code-conflict-rule" />
            <fieldset>
              <legend className="text-sm text-slate-600">
                When a sale carries a click on one creator’s link and another creator’s promo code,
                who gets the commission? The conversion records both, and which rule applied.
              </legend>
              <div className="mt-3 space-y-2 text-sm">
                {CONFLICT_RULE_CHOICES.map((choice) => (
                  <label key={choice.value} className="flex items-start gap-2">
                    <input
                      type="radio"
                      name="codeConflictRule"
                      value={choice.value}
                      defaultChecked={data.codeConflictRule === choice.value}
                      className="mt-0.5"
                    />
                    <span>{choice.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <ErrorList
              errors={
                actionData?.intent === 'save-code-conflict-rule'
                  ? actionData.fieldErrors?.codeConflictRule
                  : undefined
              }
            />
            <Notice data={actionData} intent="save-code-conflict-rule" />
            <Button className="mt-3" variant="secondary">
              Save the rule
            </Button>
          </Form>
        </Card>
        <Card className="lg:col-span-2">
          <h2 className="text-lg font-semibold">Allowed origins for the snippet</h2>
          <p className="mt-1 text-sm text-slate-600">
            The shop sites that may report conversions with your publishable key, one per line,
            written as <code>https://shop.example.com</code> (scheme and host, and a port if not the
            default).{' '}
            {data.allowedOrigins.length === 0
              ? 'None yet: add your shop’s origin, or the snippet’s conversions are refused.'
              : null}
          </p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="save-origins" />
            <label htmlFor="origins" className="block text-sm font-medium text-slate-800">
              Allowed origins
            </label>
            <textarea
              id="origins"
              name="origins"
              rows={4}
              defaultValue={data.allowedOrigins.join('\n')}
              placeholder="https://shop.example.com"
              aria-invalid={originErrors?.length ? true : undefined}
              aria-describedby={originErrors?.length ? 'origins-error' : undefined}
              className={`${inputClass} mt-1 font-mono`}
            />
            <ErrorList id="origins-error" errors={originErrors} />
            <Notice data={actionData} intent="save-origins" />
            <Button className="mt-3" disabled={savingOrigins}>
              {savingOrigins ? 'Saving…' : 'Save origins'}
            </Button>
          </Form>
        </Card>
        <Card className="lg:col-span-2">
          <h2 className="text-lg font-semibold">Payouts</h2>
          <p className="mt-1 text-sm text-slate-600">
            A creator is paid their balance in a currency once it reaches that currency’s minimum
            payout; below it their statements are carried forward. Enter each minimum in the
            currency’s own units (0 or empty for none). Every currency your offers use is listed.
          </p>
          <Form method="post" className="mt-4" noValidate>
            <input type="hidden" name="intent" value="save-minimum-payout" />
            <ErrorList errors={minimumAction?.fieldErrors?.form} />
            <div className="grid gap-4 sm:grid-cols-2">
              {data.minimumPayouts.map((m) => {
                const name = minimumPayoutField(m.currency);
                const id = `minimum-payout-${m.currency}`;
                const errors = minimumAction?.fieldErrors?.[name];
                return (
                  <div key={m.currency}>
                    <label htmlFor={id} className="block text-sm font-medium text-slate-800">
                      Minimum payout in {m.currency}
                    </label>
                    <input
                      id={id}
                      name={name}
                      inputMode={m.kind === 'a whole number' ? 'numeric' : 'decimal'}
                      defaultValue={minimumAction?.values?.[m.currency] ?? m.value}
                      aria-invalid={errors?.length ? true : undefined}
                      aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ''}`}
                      className={`${inputClass} mt-1 max-w-xs`}
                    />
                    <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
                      {m.name}: {m.kind} {m.decimals}, like {m.example}.{' '}
                      {m.minor > 0 ? `Now ${formatMoney(m.minor, m.currency)}.` : 'Now none.'}
                    </p>
                    <ErrorList id={`${id}-error`} errors={errors} />
                  </div>
                );
              })}
            </div>
            <Notice data={actionData} intent="save-minimum-payout" />
            <Button className="mt-3" disabled={savingMinimum}>
              {savingMinimum ? 'Saving…' : 'Save minimum payouts'}
            </Button>
          </Form>
        </Card>
        <Card className="lg:col-span-2">
          <h2 className="text-lg font-semibold">Reports</h2>
          <p className="mt-1 text-sm text-slate-600">
            Days, weeks and months in your reports and in your creators’ dashboards start at
            midnight in this time zone.
          </p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="save-time-zone" />
            <label htmlFor="time-zone" className="block text-sm font-medium text-slate-800">
              Reporting time zone
            </label>
            <select
              id="time-zone"
              name="timeZone"
              defaultValue={data.timeZone}
              aria-invalid={timeZoneErrors?.length ? true : undefined}
              aria-describedby={timeZoneErrors?.length ? 'time-zone-error' : undefined}
              className={`${inputClass} mt-1 max-w-md pr-8`}
            >
              {timeZones(data.timeZone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            <ErrorList id="time-zone-error" errors={timeZoneErrors} />
            <Notice data={actionData} intent="save-time-zone" />
            <Button className="mt-3" disabled={savingTimeZone}>
              {savingTimeZone ? 'Saving…' : 'Save time zone'}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  );
}

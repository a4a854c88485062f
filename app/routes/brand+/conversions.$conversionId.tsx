import { actorLabel } from '~/conversions/actor-label';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { ErrorList } from '~/components/ui/field';
import { Card, PageHeader, BackLink } from '~/components/ui/layout';
import {
  applyConversionAction,
  conversionActionSchema,
} from '~/conversions/conversion-actions.server';
import { SOURCE_LABELS, STATUS_LABELS } from '~/conversions/conversion-filter';
import { getConversion } from '~/conversions/conversion-list.server';
import { formDataToObject, parseWithSchema } from '~/forms/parse-form';
import { invariantResponse } from '~/http.server';
import { ConversionActionControls } from '~/conversions/conversion-action-controls';
import { formatMoney } from '~/money/money';
import { payoutRefusal } from '~/payouts/payout-action.server';
import { REJECT_REASON_LABELS } from '~/payouts/schemas';

export const meta: MetaFunction = () => [{ title: 'Conversion · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const conversion = await getConversion(brand.id, params.conversionId ?? '');
  invariantResponse(conversion, 'Conversion not found');
  return { conversion, added: new URL(request.url).searchParams.has('added') };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'conversions');
  const conversion = await getConversion(brand.id, params.conversionId ?? '');
  invariantResponse(conversion, 'Conversion not found');
  const form = { ...formDataToObject(await request.formData()), conversionId: conversion.id };
  const parsed = parseWithSchema(conversionActionSchema, { ...form, scope: 'selected' });
  if (!parsed.ok) {
    return Response.json({ ok: false, fieldErrors: parsed.fieldErrors }, { status: 400 });
  }
  try {
    await applyConversionAction(brand.id, user.id, parsed.data, {});
    return { ok: true as const };
  } catch (error) {
    return payoutRefusal(error, parsed.data.intent);
  }
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

export default function ConversionPage() {
  const { conversion: c, added } = useLoaderData<typeof loader>();
  const result = useActionData<{
    ok: boolean;
    formError?: string;
    fieldErrors?: Record<string, string[]>;
  }>();
  const money = (minor: number | null) => (minor == null ? '—' : formatMoney(minor, c.currency));
  return (
    <>
      <BackLink to="/brand/conversions">Conversions</BackLink>
      <PageHeader
        title={`Conversion ${c.orderId ?? c.id}`}
        description={`${STATUS_LABELS[c.status]}${c.rejectReason ? ` · ${REJECT_REASON_LABELS[c.rejectReason]}` : ''}${c.reason ? ` · ${c.reason.replaceAll('_', ' ')}` : ''}`}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold">Conversion</h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt>Time</dt>
            <dd>{dateTime.format(new Date(c.createdAt))} UTC</dd>
            <dt>Offer</dt>
            <dd>{c.offerName ?? '—'}</dd>
            <dt>Member</dt>
            <dd>{c.memberName ?? '—'}</dd>
            <dt>Link</dt>
            <dd>{c.linkCode ?? '—'}</dd>
            <dt>Source</dt>
            <dd>{SOURCE_LABELS[c.source]}</dd>
            {c.couponRef || c.promoCode ? (
              <>
                <dt>Promo code</dt>
                <dd>{c.promoCode ?? `${c.couponRef} (not one of your active codes)`}</dd>
              </>
            ) : null}
            {c.conflictRule ? (
              <>
                <dt>Click vs code</dt>
                <dd>
                  The click ({c.click?.memberName ?? 'another member'}) and the code named different
                  members: {c.conflictRule === 'code_wins' ? 'the code won' : 'the click won'} (your
                  setting).
                </dd>
              </>
            ) : null}
            <dt>Event</dt>
            <dd>{c.event ?? '—'}</dd>
            <dt>Amount</dt>
            <dd>{money(c.amountMinor)}</dd>
            <dt>Commission</dt>
            <dd>{money(c.commissionMinor)}</dd>
            {c.statusNote ? (
              <>
                <dt>Note</dt>
                <dd>{c.statusNote}</dd>
              </>
            ) : null}
          </dl>
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">Click</h2>
          {c.click ? (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt>Time</dt>
              <dd>{dateTime.format(new Date(c.click.createdAt))} UTC</dd>
              <dt>Device</dt>
              <dd>{c.click.device}</dd>
              <dt>Country</dt>
              <dd>{c.click.country ?? '—'}</dd>
              <dt>Referrer</dt>
              <dd className="break-all">{c.click.referrer ?? '—'}</dd>
              {(['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const).map((k) => (
                <div key={k} className="contents">
                  <dt>{k}</dt>
                  <dd>{c.click![k] ?? '—'}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="text-sm text-slate-600">
              No click {c.clickRef ? `(reported ${c.clickRef})` : ''}.
            </p>
          )}
        </Card>
      </div>

      <section className="mt-6">
        <h2 className="mb-2 text-lg font-semibold">Change status</h2>
        <div aria-live="polite">
          {added && !result ? (
            <p className="text-sm text-green-800">
              Conversion added: pending, commission {money(c.commissionMinor)}.
            </p>
          ) : null}
          {result?.ok ? <p className="text-sm text-green-800">Status changed.</p> : null}
          {result && !result.ok ? (
            <ErrorList
              errors={[
                ...(result.formError ? [result.formError] : []),
                ...Object.values(result.fieldErrors ?? {}).flat(),
              ]}
            />
          ) : null}
        </div>
        <Form method="post" className="flex flex-wrap items-end gap-2 text-sm">
          <ConversionActionControls />
        </Form>
      </section>

      <section className="mt-6">
        <h2 className="mb-2 text-lg font-semibold">Status history</h2>
        {c.history.length === 0 ? (
          <p className="text-sm text-slate-600">No changes yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {c.history.map((h) => (
              <li key={h.id}>
                {dateTime.format(new Date(h.at))} UTC:{' '}
                {h.fromStatus ? `${STATUS_LABELS[h.fromStatus]} → ` : 'Added by hand as '}
                {STATUS_LABELS[h.toStatus]}
                {h.reason ? ` (${REJECT_REASON_LABELS[h.reason]})` : ''}
                {h.note ? ` — ${h.note}` : ''} by {actorLabel(h)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

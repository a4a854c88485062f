import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSubmit } from '@remix-run/react';
import { useState } from 'react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { Card, PageHeader, BackLink } from '~/components/ui/layout';
import { SelectField } from '~/components/ui/select';
import { TextareaField } from '~/components/ui/textarea';
import {
  brandMember,
  memberLinkChoices,
  offerAndMemberChoices,
} from '~/conversions/conversion-choices.server';
import {
  MANUAL_SALE_AMOUNT,
  manualConversionSchema,
  utcDateTimeValue,
} from '~/conversions/manual-conversion';
import { amountInputProps, amountRangeText } from '~/money/money';
import { createManualConversion } from '~/conversions/manual-conversion.server';
import { formDataToObject, parseWithSchema } from '~/forms/parse-form';
import { badRequest, invariantResponse } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Add conversion · Offerlink' }];

/** The form: the brand's members; once one is chosen (`?memberId=`), that member's links. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const memberId = new URL(request.url).searchParams.get('memberId') || null;
  const member = memberId ? await brandMember(brand.id, memberId) : null;
  // Another brand's member (or no member at all) is a 404.
  invariantResponse(!memberId || member, 'Member not found');
  const [{ members }, links] = await Promise.all([
    offerAndMemberChoices(brand.id),
    member ? memberLinkChoices(brand.id, member.id) : Promise.resolve([]),
  ]);
  return { members, member, links, now: utcDateTimeValue(new Date()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'conversions');
  const form = formDataToObject(await request.formData());
  const values = Object.fromEntries(
    Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
  );
  const parsed = parseWithSchema(manualConversionSchema, form);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values });
  const result = await createManualConversion(brand.id, user.id, parsed.data);
  if (!result.ok && result.notFound) {
    throw new Response('Member or link not found', {
      status: 404,
      headers: { 'content-type': 'text/plain' },
    });
  }
  if (!result.ok) return badRequest({ fieldErrors: result.fieldErrors, values });
  return redirect(`/brand/conversions/${result.conversionId}?added`);
}

export default function NewConversion() {
  const { members, member, links } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  return (
    <>
      <BackLink to="/brand/conversions">Conversions</BackLink>
      <PageHeader
        title="Add conversion"
        description="For an order the tracking missed: credit it to a member’s link. Its commission follows the link’s payout option, as for a postback; it starts pending and the holding period applies."
      />
      <Card className="mb-4 max-w-2xl">
        <Form
          method="get"
          className="flex flex-wrap items-end gap-3"
          aria-label="Choose the member"
          onChange={(event) => submit(event.currentTarget, { replace: true })}
        >
          <div className="min-w-64 grow">
            <SelectField
              label="Member"
              name="memberId"
              defaultValue={member?.id ?? ''}
              options={[
                { value: '', label: 'Choose a member…' },
                ...members.map((m) => ({ value: m.id, label: m.name })),
              ]}
            />
          </div>
          <Button type="submit" variant="secondary">
            Show the member’s links
          </Button>
        </Form>
      </Card>

      {member ? (
        links.length === 0 ? (
          <p className="text-slate-600">
            {member.name} has no links yet. Give them a link from an offer first.
          </p>
        ) : (
          <ConversionForm key={member.id} memberId={member.id} />
        )
      ) : null}
    </>
  );
}

/** The conversion's fields for one member's links (keyed by member: a new member starts afresh). */
function ConversionForm({ memberId }: { memberId: string }) {
  const { links, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string[]> = actionData?.fieldErrors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const firstLink = links.find((l) => l.id === values.linkId) ?? links[0];
  const [currency, setCurrency] = useState(values.currency || firstLink?.currency || '');
  const amountCurrency = /^[A-Z]{3}$/.test(currency) ? currency : (firstLink?.currency ?? 'USD');
  const shownErrors = Object.entries(errors)
    .filter(([k]) => !['linkId', 'orderId', 'amount', 'currency', 'occurredAt', 'note'].includes(k))
    .flatMap(([, v]) => v);
  return (
    <Card className="max-w-2xl">
      <Form method="post" className="space-y-4" aria-label="Conversion">
        <input type="hidden" name="memberId" value={memberId} />
        <ErrorList errors={shownErrors} />
        <SelectField
          label="Link"
          name="linkId"
          defaultValue={firstLink?.id}
          errors={errors.linkId}
          onChange={(e) =>
            setCurrency(links.find((l) => l.id === e.currentTarget.value)?.currency ?? '')
          }
          options={links.map((l) => ({ value: l.id, label: l.name }))}
        />
        <Field
          label="Order id"
          name="orderId"
          required
          maxLength={200}
          defaultValue={values.orderId}
          errors={errors.orderId}
          hint="The shop’s order number; one conversion per order and offer."
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Sale amount"
            name="amount"
            {...amountInputProps(MANUAL_SALE_AMOUNT, amountCurrency)}
            placeholder="49.99"
            defaultValue={values.amount}
            errors={errors.amount}
            hint={`In major units, ${amountRangeText(MANUAL_SALE_AMOUNT, amountCurrency)}, like 49.99. Optional when the link pays a flat amount.`}
          />
          <Field
            label="Currency"
            name="currency"
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            maxLength={3}
            errors={errors.currency}
            hint="The offer’s currency."
          />
        </div>
        <Field
          label="Date and time of the sale (UTC)"
          name="occurredAt"
          type="datetime-local"
          required
          max={now}
          defaultValue={values.occurredAt || now}
          errors={errors.occurredAt}
        />
        <TextareaField
          label="Note"
          name="note"
          rows={2}
          maxLength={1000}
          defaultValue={values.note}
          errors={errors.note}
          hint="Why it was added by hand; shown in the audit log."
        />
        <Button type="submit">Add conversion</Button>
      </Form>
    </Card>
  );
}

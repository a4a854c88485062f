import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button, buttonClass } from '~/components/ui/button';
import { ErrorList, Field, inputClass } from '~/components/ui/field';
import { Card, EmptyState } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { invariantResponse } from '~/http.server';
import { getOffer } from '~/offers/offers.server';
import {
  deactivatePromoCode,
  listOfferPromoCodes,
  offerMembersWithCodes,
  setMemberPromoCode,
  setOfferPromoDiscount,
} from '~/promo-codes/promo-codes.server';

export const meta: MetaFunction = () => [{ title: 'Promo codes · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  const [members, codes] = await Promise.all([
    offerMembersWithCodes(brand.id, offer.id),
    listOfferPromoCodes(brand.id, offer.id),
  ]);
  return {
    offer: { id: offer.id, name: offer.name, promoDiscount: offer.promoDiscount },
    members,
    history: codes
      .filter((c) => c.deactivatedAt !== null)
      .map((c) => ({
        id: c.id,
        code: c.code,
        memberName: c.memberName,
        createdAt: c.createdAt.toISOString(),
        deactivatedAt: c.deactivatedAt!.toISOString(),
      })),
  };
}

type ActionAnswer = {
  ok: boolean;
  intent: string;
  memberId?: string;
  typed?: string;
  message?: string;
  fieldErrors: Record<string, string[]>;
};

/** Sets one member's code, deactivates one, or saves the discount text (decision 053). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'links');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const offerId = params.offerId ?? '';
  const answer = (status: number, body: ActionAnswer) => data(body, status);
  if (intent === 'set-code') {
    const memberId = String(form.get('memberId') ?? '');
    const typed = String(form.get('code') ?? '');
    const result = await setMemberPromoCode({
      brandId: brand.id,
      offerId,
      memberId,
      code: typed,
      userId: user.id,
    });
    return result.ok
      ? answer(200, {
          ok: true,
          intent,
          memberId,
          message: result.code ? `The code is now ${result.code}.` : 'The code was deactivated.',
          fieldErrors: {},
        })
      : answer(400, { ok: false, intent, memberId, typed, fieldErrors: result.fieldErrors });
  }
  if (intent === 'deactivate') {
    const done = await deactivatePromoCode(
      brand.id,
      String(form.get('promoCodeId') ?? ''),
      user.id,
    );
    return done
      ? answer(200, { ok: true, intent, message: 'The code was deactivated.', fieldErrors: {} })
      : answer(404, {
          ok: false,
          intent,
          fieldErrors: { form: ['This code does not exist or is already deactivated.'] },
        });
  }
  if (intent === 'discount') {
    const typed = String(form.get('promoDiscount') ?? '');
    const result = await setOfferPromoDiscount(brand.id, offerId, typed);
    return result.ok
      ? answer(200, { ok: true, intent, message: 'The discount text was saved.', fieldErrors: {} })
      : answer(400, { ok: false, intent, typed, fieldErrors: result.fieldErrors });
  }
  return answer(400, { ok: false, intent, fieldErrors: { form: ['Unknown action.'] } });
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export default function OfferPromoCodes() {
  const { offer, members, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionAnswer | undefined;
  return (
    <div className="max-w-4xl space-y-4">
      <p className="text-sm text-slate-700">
        A shopper who types a member’s code at checkout is credited to that member, with no click
        needed: report the code with the conversion (<code>coupon_code</code> on{' '}
        <code>/postback</code> and <code>/aff_lsr</code>, <code>coupon</code> in the snippet’s{' '}
        <code>convert()</code>). Codes are unique in your brand, whatever the case. A deactivated
        code keeps its history, and can then be given to someone else.
      </p>
      {result?.message ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
          {result.message}
        </p>
      ) : null}
      <ErrorList errors={result?.fieldErrors.form} />

      <Card>
        <Form method="post" className="flex flex-col gap-3 p-4 sm:flex-row sm:items-end">
          <input type="hidden" name="intent" value="discount" />
          <div className="flex-1">
            <Field
              id="promoDiscount"
              name="promoDiscount"
              label="Discount the codes give"
              hint="Shown to the creators beside their code and in their link email, e.g. “15 % off”."
              defaultValue={
                result?.intent === 'discount' && result.typed !== undefined
                  ? result.typed
                  : (offer.promoDiscount ?? '')
              }
              maxLength={80}
              errors={result?.intent === 'discount' ? result.fieldErrors.promoDiscount : undefined}
            />
          </div>
          <Button variant="secondary">Save discount</Button>
        </Form>
      </Card>

      {members.length === 0 ? (
        <EmptyState
          title="No members on this offer yet"
          action={
            <Link to={`/brand/offers/${offer.id}/add-members`} className={buttonClass('primary')}>
              Add members
            </Link>
          }
        >
          Add members to the offer first; you can give them codes there too.
        </EmptyState>
      ) : (
        <Table caption={`Promo codes of ${offer.name}`}>
          <thead>
            <tr>
              <Th dense>Member</Th>
              <Th dense>Code</Th>
              <Th dense>Conversions</Th>
              <Th dense>Change the code</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((m) => {
              const mine = result?.intent === 'set-code' && result.memberId === m.memberId;
              return (
                <tr key={m.memberId} className="align-top">
                  <Td dense>
                    <div className="font-medium text-slate-900">{m.name}</div>
                    <div className="text-xs text-slate-500">{m.email}</div>
                  </Td>
                  <Td dense>
                    {m.code ? (
                      <span className="font-mono font-semibold">{m.code}</span>
                    ) : (
                      <span className="text-slate-400">No code</span>
                    )}
                  </Td>
                  <Td dense>{m.uses.toLocaleString('en-US')}</Td>
                  <Td dense>
                    <div className="flex flex-wrap items-start gap-2">
                      {/* Keyed by the code: once it changes, the field starts empty again
                          (with JavaScript the page is not reloaded, and the typed text stayed). */}
                      <Form key={m.code ?? ''} method="post" className="flex items-start gap-2">
                        <input type="hidden" name="intent" value="set-code" />
                        <input type="hidden" name="memberId" value={m.memberId} />
                        <div>
                          <input
                            name="code"
                            aria-label={`New promo code for ${m.name}`}
                            defaultValue={mine && result?.typed !== undefined ? result.typed : ''}
                            placeholder={m.code ?? 'e.g. MAYA15'}
                            autoCapitalize="characters"
                            spellCheck={false}
                            maxLength={64}
                            className={`${inputClass} w-36 uppercase`}
                            aria-invalid={mine && result?.fieldErrors.code ? true : undefined}
                          />
                          <ErrorList errors={mine ? result?.fieldErrors.code : undefined} />
                        </div>
                        <Button
                          variant="secondary"
                          aria-label={`${m.code ? 'Change' : 'Give code'} for ${m.name}`}
                        >
                          {m.code ? 'Change' : 'Give code'}
                        </Button>
                      </Form>
                      {m.promoCodeId ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="deactivate" />
                          <input type="hidden" name="promoCodeId" value={m.promoCodeId} />
                          <Button variant="secondary" aria-label={`Deactivate ${m.code}`}>
                            Deactivate
                          </Button>
                        </Form>
                      ) : null}
                    </div>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}

      {history.length > 0 ? (
        <Table caption="Deactivated codes (history)">
          <thead>
            <tr>
              <Th dense>Code</Th>
              <Th dense>Member</Th>
              <Th dense>Given</Th>
              <Th dense>Deactivated</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {history.map((h) => (
              <tr key={h.id}>
                <Td dense>
                  <span className="font-mono">{h.code}</span>
                </Td>
                <Td dense>{h.memberName}</Td>
                <Td dense>{dateFormat.format(new Date(h.createdAt))}</Td>
                <Td dense>{dateFormat.format(new Date(h.deactivatedAt))}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </div>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { Card, EmptyState } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { formatMoney } from '~/money/money';
import { paypalExportPlan } from '~/payouts/exports.server';
import { PAYPAL_MAX_ROWS_PER_FILE } from '~/payouts/paypal-payouts-file.server';

export const meta: MetaFunction = () => [{ title: 'PayPal files · Payouts · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const plan = await paypalExportPlan(brand.id);
  // Back from a download refused because the file changed since this page listed it.
  const q = new URL(request.url).searchParams;
  const currency = q.get('changed') ?? '';
  const part = Number(q.get('part') ?? '1');
  const was = q.get('was') ?? '';
  const changed = /^[A-Z]{3}$/.test(currency)
    ? {
        currency,
        wasMinor: /^\d{1,15}$/.test(was) ? Number(was) : null,
        nowMinor:
          plan.files.find((f) => f.currency === currency && f.part === (part || 1))?.totalMinor ??
          0,
      }
    : null;
  return { ...plan, changed, maxRows: PAYPAL_MAX_ROWS_PER_FILE };
}

/** Why a download was refused: the file's total (or its payouts) changed since the page showed it. */
function changedMessage(c: { currency: string; wasMinor: number | null; nowMinor: number }) {
  if (c.wasMinor === null) {
    return `Download the ${c.currency} file from the list below: it shows what the file pays.`;
  }
  const was = formatMoney(c.wasMinor, c.currency);
  const now = formatMoney(c.nowMinor, c.currency);
  return c.wasMinor === c.nowMinor
    ? `The payouts of the ${c.currency} file changed since you opened this page (the total is still ${now}). Nothing was downloaded: check the figures below and download it again.`
    : `The total of the ${c.currency} file changed from ${was} to ${now} since you opened this page. Nothing was downloaded: check the figures below and download it again.`;
}

const number = new Intl.NumberFormat('en-US');

export default function PaypalFiles() {
  const { files, needsPayoutDetails, maxRows, changed } = useLoaderData<typeof loader>();
  return (
    <>
      {changed ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          {changedMessage(changed)}
        </p>
      ) : null}
      <Card className="mb-6">
        <h2 className="text-base font-semibold text-slate-900">Pay with PayPal Payouts</h2>
        <p className="mt-1 text-sm text-slate-600">
          Each file pays every member with a payout email their balance due in one currency — the
          net of all their unpaid statements, clawbacks deducted — at most {number.format(maxRows)}{' '}
          payouts per file (PayPal’s limit). A file is downloaded only while it still pays what this
          page shows. Upload it in your PayPal business account (Pay &amp; Get Paid → Payouts). Then{' '}
          <Link to="/brand/payouts" className="text-brand-700 underline">
            mark those members paid
          </Link>{' '}
          with method PayPal and the payout batch id as reference.
        </p>
      </Card>
      {files.length === 0 ? (
        <EmptyState title="Nothing to pay with PayPal">
          {needsPayoutDetails.length
            ? 'Every member with something due still needs to give a payout email (listed below).'
            : 'There are no due statements. They appear once the rollup has built them.'}
        </EmptyState>
      ) : (
        <Table caption="PayPal files">
          <thead>
            <tr>
              <Th>File</Th>
              <Th>Currency</Th>
              <Th align="right">Payouts</Th>
              <Th align="right">Total</Th>
              <Th>
                <span className="sr-only">Download</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {files.map((f) => {
              const name =
                f.parts > 1 ? `${f.currency} file ${f.part} of ${f.parts}` : `${f.currency} file`;
              const query = new URLSearchParams({
                part: String(f.part),
                parts: String(f.parts),
                total: String(f.totalMinor),
                v: f.digest,
              });
              if (f.after) query.set('after', f.after);
              return (
                <tr key={`${f.currency}:${f.part}`}>
                  <Td className="font-medium">{name}</Td>
                  <Td>{f.currency}</Td>
                  <Td align="right">{number.format(f.payees)}</Td>
                  <Td align="right" className="font-medium">
                    {formatMoney(f.totalMinor, f.currency)}
                  </Td>
                  <Td align="right">
                    {/* No `download` attribute: a file that changed since is answered with this page
                        again (a redirect), which the browser must show, not save. */}
                    <a
                      href={`/brand/payouts/paypal/${f.currency}?${query}`}
                      className={buttonClass('secondary')}
                    >
                      Download {name}
                    </a>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {needsPayoutDetails.length ? (
        <section aria-labelledby="needs-payout-details" className="mt-8">
          <h2 id="needs-payout-details" className="mb-1 text-lg font-semibold text-slate-900">
            Needs payout details
          </h2>
          <p className="mb-3 text-sm text-slate-600">
            These members are owed money but have not given a payout email in their creator
            dashboard, so they are left out of the files. Ask them to add one in their settings.
          </p>
          <Table caption="Needs payout details">
            <thead>
              <tr>
                <Th>Member</Th>
                <Th>Currency</Th>
                <Th align="right">Due</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {needsPayoutDetails.map((m) => (
                <tr key={`${m.memberId}:${m.currency}`}>
                  <Td className="font-medium">
                    <Link
                      to={`/brand/payouts/statements?member=${m.memberId}`}
                      className="text-brand-700 hover:underline"
                    >
                      {m.name}
                    </Link>
                  </Td>
                  <Td>{m.currency}</Td>
                  <Td align="right">{formatMoney(m.amountMinor, m.currency)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}
    </>
  );
}

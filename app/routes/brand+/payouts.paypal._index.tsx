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
  return { ...(await paypalExportPlan(brand.id)), maxRows: PAYPAL_MAX_ROWS_PER_FILE };
}

const number = new Intl.NumberFormat('en-US');

export default function PaypalFiles() {
  const { files, needsPayoutDetails, maxRows } = useLoaderData<typeof loader>();
  return (
    <>
      <Card className="mb-6">
        <h2 className="text-base font-semibold text-slate-900">Pay with PayPal Payouts</h2>
        <p className="mt-1 text-sm text-slate-600">
          Each file pays every member with a payout email what their due statements add up to, in
          one currency, at most {number.format(maxRows)} payouts per file (PayPal’s limit). Upload
          it in your PayPal business account (Pay &amp; Get Paid → Payouts). Then{' '}
          <Link to="/brand/payouts/statements?status=open" className="text-brand-700 underline">
            mark the due statements paid
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
              const query = new URLSearchParams({ part: String(f.part), parts: String(f.parts) });
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
                    <a
                      href={`/brand/payouts/paypal/${f.currency}?${query}`}
                      className={buttonClass('secondary')}
                      download
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

import { actorLabel } from '~/conversions/actor-label';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { PageHeader, BackLink } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { STATUS_LABELS } from '~/conversions/conversion-filter';
import { statusHistory } from '~/conversions/conversion-list.server';
import { REJECT_REASON_LABELS } from '~/payouts/schemas';

export const meta: MetaFunction = () => [{ title: 'Audit log · Conversions · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const before = Number(new URL(request.url).searchParams.get('before')) || null;
  return statusHistory(brand.id, { before });
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

export default function AuditLog() {
  const { rows, before } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/brand/conversions">Conversions</BackLink>
      <PageHeader title="Audit log" description="Every change to a conversion's status." />
      {rows.length === 0 ? (
        <p className="text-slate-600">No changes yet.</p>
      ) : (
        <Table caption="Conversion status changes">
          <thead>
            <tr>
              <Th dense>When (UTC)</Th>
              <Th dense>Who</Th>
              <Th dense>Conversion</Th>
              <Th dense>From</Th>
              <Th dense>To</Th>
              <Th dense>Reason</Th>
              <Th dense>Note</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((h) => (
              <tr key={h.id}>
                <Td dense>{dateTime.format(new Date(h.at))}</Td>
                <Td dense>{actorLabel(h, { withEmail: true })}</Td>
                <Td dense>
                  {h.conversionId ? (
                    <Link
                      to={`/brand/conversions/${h.conversionId}`}
                      className="text-brand-700 underline"
                    >
                      {h.orderId ?? h.conversionId}
                    </Link>
                  ) : (
                    // The payout rollup's approvals of one run: one line for all of them.
                    `${(h.batchSize ?? 0).toLocaleString('en-US')} ${h.batchSize === 1 ? 'commission' : 'commissions'} whose holding period had passed`
                  )}
                </Td>
                <Td dense>{h.fromStatus ? STATUS_LABELS[h.fromStatus] : 'Added by hand'}</Td>
                <Td dense>{STATUS_LABELS[h.toStatus]}</Td>
                <Td dense>{h.reason ? REJECT_REASON_LABELS[h.reason] : '—'}</Td>
                <Td dense>{h.note ?? '—'}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {before ? (
        <Link
          to={`?before=${before}`}
          className="mt-4 inline-block text-sm text-brand-700 underline"
        >
          Older changes
        </Link>
      ) : null}
    </>
  );
}

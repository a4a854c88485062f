import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Table, Td, Th } from '~/components/ui/table';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { EmptyState, PageHeader } from '~/components/ui/layout';
import { listOutbox } from '~/email/outbox.server';

export const meta: MetaFunction = () => [{ title: 'Outbox · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
  return listOutbox(brand.id, page);
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

const kindLabels: Record<string, string> = {
  link: 'Tracking link',
  creator_sign_in: 'Creator sign-in',
  statement_paid: 'Payment notice',
};

export default function Outbox() {
  const { rows, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every email Offerlink sent for your brand, newest first. Without a Resend API key, emails stay here instead of being delivered."
      />
      {total === 0 ? (
        <EmptyState
          title="No emails yet"
          action={
            <Link to="/brand/offers" className="font-semibold text-brand-700 underline">
              Go to your offers
            </Link>
          }
        >
          Open an offer’s links and press Email Members to send members their tracking links.
        </EmptyState>
      ) : (
        <Table caption="Emails sent">
          <thead>
            <tr>
              <Th>Subject</Th>
              <Th>To</Th>
              <Th>Kind</Th>
              <Th>Sent (UTC)</Th>
              <Th>Transport</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <Td className="font-medium">
                  <Link to={`/brand/outbox/${row.id}`} className="text-brand-700 hover:underline">
                    {row.subject}
                  </Link>
                </Td>
                <Td className="break-all">{row.to}</Td>
                <Td>{kindLabels[row.kind] ?? row.kind}</Td>
                <Td className="whitespace-nowrap">{dateTime.format(new Date(row.createdAt))}</Td>
                <Td>{row.transport === 'resend' ? 'Sent with Resend' : 'Local outbox'}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pageCount > 1 ? (
        <nav aria-label="Outbox pages" className="mt-4 flex items-center justify-between text-sm">
          {page > 1 ? <Link to={`?page=${page - 1}`}>Previous</Link> : <span />}
          <span className="text-slate-600">
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link to={`?page=${page + 1}`}>Next</Link> : <span />}
        </nav>
      ) : null}
    </>
  );
}

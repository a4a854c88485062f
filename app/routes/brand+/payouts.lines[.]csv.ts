import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { csvDownload } from '~/csv/csv-stream.server';
import { invariantResponse } from '~/http.server';
import { statementLinesCsv } from '~/payouts/exports.server';
import { findPayoutMember } from '~/payouts/payouts-overview.server';
import { statementFilterSchema } from '~/payouts/payouts-page-schemas';

/** Every line of the statements shown by the Statements tab's filter, as CSV (streamed). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandUser(request);
  const filter = statementFilterSchema.safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  invariantResponse(filter.success, 'Unknown period, status or member', 400);
  invariantResponse(
    !filter.data.member || (await findPayoutMember(brand.id, filter.data.member)),
    'Member not found',
  );
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(`statement-lines-${day}.csv`, statementLinesCsv(brand.id, filter.data));
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { csvDownload } from '~/csv/csv-stream.server';
import { statementLinesCsv } from '~/payouts/exports.server';
import { statementFilterFrom } from '~/payouts/payouts-overview.server';

/** Every line of the statements shown by the Statements tab's filter, as CSV (streamed). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const { filter } = await statementFilterFrom(request, brand.id);
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(`statement-lines-${day}.csv`, statementLinesCsv(brand.id, filter));
}

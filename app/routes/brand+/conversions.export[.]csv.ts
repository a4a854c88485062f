import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { csvDownload } from '~/csv/csv-stream.server';
import { filterFromSearch } from '~/conversions/conversion-filter';
import { filterBelongsToBrand } from '~/conversions/conversion-choices.server';
import { invariantResponse } from '~/http.server';
import { conversionsCsv } from '~/conversions/conversion-list.server';

/** The conversions of the current filter as CSV, streamed from a cursor. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const filter = filterFromSearch(new URL(request.url).searchParams);
  invariantResponse(await filterBelongsToBrand(brand.id, filter), 'Not found');
  return csvDownload(
    `conversions-${new Date().toISOString().slice(0, 10)}.csv`,
    conversionsCsv(brand.id, filter),
  );
}

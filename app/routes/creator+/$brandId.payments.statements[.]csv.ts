import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { creatorStatementsCsv } from '~/creators/creator-payments.server';
import { csvDownload } from '~/csv/csv-stream.server';

/** The creator's statements with this brand, as CSV (streamed). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(
    `${brand.name}-statements-${day}.csv`,
    creatorStatementsCsv(brand.id, member.id),
  );
}

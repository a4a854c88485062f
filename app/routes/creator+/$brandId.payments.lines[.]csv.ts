import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { creatorStatementLinesCsv, isCreatorStatement } from '~/creators/creator-payments.server';
import { csvDownload } from '~/csv/csv-stream.server';
import { invariantResponse } from '~/http.server';

/**
 * The lines of the creator's statements with this brand as CSV (streamed); `?statement=<id>`
 * for one of them (another creator's or brand's id is a 404).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const statementId = new URL(request.url).searchParams.get('statement');
  if (statementId !== null) {
    invariantResponse(
      await isCreatorStatement(brand.id, member.id, statementId),
      'Statement not found',
    );
  }
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(
    `${brand.name}-statement-lines-${day}.csv`,
    creatorStatementLinesCsv(brand.id, member.id, statementId ?? undefined),
  );
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireBrandRole } from '~/auth/permissions.server';
import { csvDownload } from '~/csv/csv-stream.server';
import { invariantResponse } from '~/http.server';
import { filtersBelongToBrand } from '~/reporting/dashboard.server';
import { breakdownCsv } from '~/reporting/export.server';
import { canCombine } from '~/reporting/figures.server';
import { filtersOf, reportQuerySchema } from '~/reporting/report-query';

/** The current breakdown of the reports page, as a streamed CSV download. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const parsed = reportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return new Response(`Cannot export: ${z.prettifyError(parsed.error)}\n`, {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  invariantResponse(await filtersBelongToBrand(brand.id, filtersOf(parsed.data)), 'Not found', 404);
  if (!canCombine(filtersOf(parsed.data), parsed.data.by)) {
    return new Response(
      'Cannot export: this breakdown is not available with these filters (docs/decisions/040).\n',
      {
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      },
    );
  }
  const { filename, body } = await breakdownCsv(brand.id, parsed.data);
  return csvDownload(filename, body);
}

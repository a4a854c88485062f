import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { invariantResponse } from '~/http.server';
import { paypalFileDownload } from '~/payouts/exports.server';

/** One PayPal Payouts file: `?after=<member id>` starts after the previous part's last payee. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'paypal');
  const url = new URL(request.url);
  const file = await paypalFileDownload(brand, params.currency ?? '', {
    after: url.searchParams.get('after') ?? '',
    part: url.searchParams.get('part') ?? '1',
    parts: url.searchParams.get('parts') ?? '1',
  });
  invariantResponse(file, 'PayPal file not found');
  return new Response(file.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    },
  });
}

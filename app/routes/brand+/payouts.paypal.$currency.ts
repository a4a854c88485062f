import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { invariantResponse } from '~/http.server';
import { paypalFileDownload } from '~/payouts/exports.server';

/**
 * One PayPal Payouts file: `?after=<member id>` starts after the previous part's last payee;
 * `total` and `v` are what the files page showed for it. A file that changed since is not
 * downloaded: back to the files page, which says so and shows the new figures (decision 037).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'paypal');
  const url = new URL(request.url);
  const file = await paypalFileDownload(brand, params.currency ?? '', {
    after: url.searchParams.get('after') ?? '',
    part: url.searchParams.get('part') ?? '1',
    parts: url.searchParams.get('parts') ?? '1',
    total: url.searchParams.get('total') ?? '',
    digest: url.searchParams.get('v') ?? '',
  });
  invariantResponse(file, 'PayPal file not found');
  if (file.kind === 'changed') {
    const back = new URLSearchParams({ changed: file.currency, part: String(file.part) });
    if (file.wasMinor !== null) back.set('was', String(file.wasMinor));
    return redirect(`/brand/payouts/paypal?${back}`);
  }
  return new Response(file.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    },
  });
}

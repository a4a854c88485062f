import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireBrandRole } from '~/auth/permissions.server';
import { invariantResponse } from '~/http.server';
import { findOfferLink } from '~/links/offer-links.server';
import { renderLinkQrCode } from '~/links/qr-code.server';

/** A link's QR code as a PNG or SVG download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const format = params.format;
  invariantResponse(format === 'png' || format === 'svg', 'Unknown format');
  const link = await findOfferLink(brand.id, params.offerId ?? '', params.linkId ?? '');
  invariantResponse(link, 'Link not found');
  const qr = await renderLinkQrCode(link, format);
  return new Response(qr.body, {
    headers: {
      'Content-Type': qr.contentType,
      'Content-Disposition': `attachment; filename="${qr.filename}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

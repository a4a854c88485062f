import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { findCreatorLink } from '~/creators/creator-links.server';
import { invariantResponse } from '~/http.server';
import { renderLinkQrCode } from '~/links/qr-code.server';

/** The QR code of one of the creator's links, as a PNG or SVG download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const format = params.format;
  invariantResponse(format === 'png' || format === 'svg', 'Unknown format');
  const link = await findCreatorLink(brand.id, member.id, params.linkId ?? '');
  invariantResponse(link, 'Link not found');
  const qr = await renderLinkQrCode(
    { url: link.url, code: link.code, memberName: link.label ?? member.name },
    format,
  );
  return new Response(qr.body, {
    headers: {
      'Content-Type': qr.contentType,
      'Content-Disposition': `attachment; filename="${qr.filename}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { getOfferImageForViewer } from '~/offers/images.server';

/**
 * An uploaded offer image, for signed-in viewers of its brand (team or creators). Served with the
 * type sniffed at upload, never sniffed again by the browser, and unable to run anything.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const image = await getOfferImageForViewer(request, params.imageId ?? '');
  if (!image) {
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  }
  return new Response(new Uint8Array(image.data), {
    headers: {
      'content-type': image.contentType,
      'content-length': String(image.data.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      // Images never change: a new upload gets a new id.
      'cache-control': 'private, max-age=31536000, immutable',
    },
  });
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { recordPixelConversion, TRANSPARENT_GIF } from '~/conversions/pixel.server';

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    await recordPixelConversion(request.headers.get('cookie'), new URL(request.url).searchParams);
  } catch (error) {
    // A broken image on the brand's thank-you page helps nobody: log, and still answer the GIF.
    console.error('pixel conversion failed:', error);
  }
  return new Response(TRANSPARENT_GIF, {
    headers: {
      'content-type': 'image/gif',
      'content-length': String(TRANSPARENT_GIF.length),
      'cache-control': 'no-store',
    },
  });
}

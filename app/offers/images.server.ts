import { and, eq } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { members, offerImages } from '../../db/schema';
import { getBrandUser } from '../auth/brand-auth.server';
import { getRequestSession } from '../auth/session.server';
import { IMAGE_MAX_BYTES } from './schemas';

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/**
 * The image type of some bytes, read from their signature (never from the file name or the type
 * the browser claims): PNG, JPEG or WebP; null for anything else, SVG included (it can carry
 * scripts).
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (signature: number[], offset = 0) =>
    bytes.length >= offset + signature.length &&
    signature.every((byte, i) => bytes[offset + i] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

export type CheckedImage =
  { ok: true; type: ImageType; data: Buffer } | { ok: false; message: string };

/** Checks an uploaded file: at most 2 MB, and PNG, JPEG or WebP by its content. */
export async function checkImageUpload(file: Blob): Promise<CheckedImage> {
  if (file.size > IMAGE_MAX_BYTES) {
    return { ok: false, message: 'The image is larger than 2 MB. Please choose a smaller file.' };
  }
  if (file.size === 0) return { ok: false, message: 'Choose an image file to upload.' };
  const data = Buffer.from(await file.arrayBuffer());
  const type = sniffImageType(data);
  if (!type) {
    return {
      ok: false,
      message:
        'That file is not a PNG, JPEG or WebP image. (SVG and other formats are not accepted.)',
    };
  }
  return { ok: true, type, data };
}

export async function storeOfferImage(
  tx: Tx,
  brandId: string,
  image: { type: ImageType; data: Buffer },
): Promise<string> {
  const [row] = await tx
    .insert(offerImages)
    .values({ brandId, contentType: image.type, data: image.data })
    .returning({ id: offerImages.id });
  return row.id;
}

/**
 * The brand a request's viewer is looking at: a brand user's current brand (while they are in
 * it), or a signed-in creator's.
 */
async function viewerBrandId(request: Request): Promise<string | null> {
  const session = await getRequestSession(request);
  if (session?.userId) {
    // The brand the person is looking at now, while they are in it (one brand: that one).
    return (await getBrandUser(request))?.brand.id ?? null;
  }
  if (session?.memberId) {
    const [row] = await db
      .select({ brandId: members.brandId })
      .from(members)
      .where(eq(members.id, session.memberId));
    return row?.brandId ?? null;
  }
  return null;
}

/** An offer image the request's viewer may see (their own brand's), or null. */
export async function getOfferImageForViewer(request: Request, imageId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(imageId)) return null;
  const brandId = await viewerBrandId(request);
  if (!brandId) return null;
  const [image] = await db
    .select({ contentType: offerImages.contentType, data: offerImages.data })
    .from(offerImages)
    .where(and(eq(offerImages.id, imageId), eq(offerImages.brandId, brandId)));
  return image ?? null;
}

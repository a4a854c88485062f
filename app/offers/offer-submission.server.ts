import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { formDataToObject, parseWithSchema, type FieldErrors } from '../forms/parse-form';
import { checkImageUpload } from './images.server';
import type { NewImage } from './offers.server';
import {
  IMAGE_MAX_BYTES,
  offerFormSchema,
  offerFormValues,
  type OfferInput,
  type OfferSchemaContext,
} from './schemas';

export type OfferSubmission =
  { ok: true; input: OfferInput; image: NewImage | null } | { ok: false; fieldErrors: FieldErrors };

/**
 * Reads the offer form (multipart when it carries an image, url-encoded otherwise), checks every
 * field with the shared schema and the uploaded image by its content. Nothing is written here.
 */
export async function readOfferSubmission(
  request: Request,
  context: OfferSchemaContext,
): Promise<OfferSubmission> {
  let formData: FormData;
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    try {
      formData = await unstable_parseMultipartFormData(
        request,
        // Text fields are small; the only file part is the image, refused past 2 MB while streaming.
        unstable_createMemoryUploadHandler({ maxPartSize: IMAGE_MAX_BYTES }),
      );
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        return {
          ok: false,
          fieldErrors: {
            image: ['The image is larger than 2 MB. Please choose a smaller file.'],
          },
        };
      }
      throw error;
    }
  } else {
    formData = await request.formData();
  }
  const values = formDataToObject(formData);
  const parsed = parseWithSchema(offerFormSchema(context), offerFormValues(values));
  const file = formData.get('image');
  const uploading = values.picture === 'upload';
  let image: NewImage | null = null;
  let imageErrors: string[] | undefined;
  if (uploading) {
    if (!(file instanceof Blob) || file.size === 0) {
      imageErrors = ['Choose an image file to upload, or pick an icon.'];
    } else {
      const checked = await checkImageUpload(file);
      if (checked.ok) image = { type: checked.type, data: checked.data };
      else imageErrors = [checked.message];
    }
  }
  if (!parsed.ok || imageErrors) {
    return {
      ok: false,
      fieldErrors: {
        ...(parsed.ok ? {} : parsed.fieldErrors),
        ...(imageErrors ? { image: imageErrors } : {}),
      },
    };
  }
  return { ok: true, input: parsed.data, image };
}

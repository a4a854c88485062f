/**
 * The API's promo-code writes onto the promo-codes module (app/promo-codes/promo-codes.server.ts):
 * create goes through `givePromoCode` (Add Members' rules: assignPromoCodes), deactivate through
 * `deactivatePromoCode`, the functions the portal calls.
 */
import { z } from 'zod';
import {
  deactivatePromoCode,
  findPromoCode,
  givePromoCode,
  PROMO_DISCOUNT_MAX,
} from '../promo-codes/promo-codes.server';
import { PROMO_CODE_RULE, TEMPLATE_RULE } from '../promo-codes/promo-code-rules';
import { ApiReply } from './operation.server';
import { ApiProblem, invalid, notFound } from './problem.server';
import { toPromoCodeRepresentation } from './representations';

export const promoCodeCreateBody = z
  .object({
    member_id: z.string().meta({ description: 'The member who gets the code.' }),
    offer_id: z.string().meta({ description: 'The offer the code is for.' }),
    code: z
      .string()
      .max(100)
      .nullable()
      .optional()
      .meta({
        description: `The code as typed; trimmed and upper-cased. ${PROMO_CODE_RULE}`,
      }),
    template: z
      .string()
      .max(100)
      .nullable()
      .optional()
      .meta({
        description: `Used when \`code\` is absent: the code is made from it (saved on the offer). ${TEMPLATE_RULE}`,
      }),
    discount: z
      .string()
      .max(200)
      .nullable()
      .optional()
      .meta({
        description: `The discount the offer’s codes stand for (“15 % off”, at most ${PROMO_DISCOUNT_MAX} characters): saved on the offer, as Add Members does.`,
      }),
  })
  .meta({ id: 'PromoCodeCreate' });

type CreateBody = z.output<typeof promoCodeCreateBody>;

export async function promoCodeOf(brandId: string, promoCodeId: string) {
  const found = await findPromoCode(brandId, promoCodeId);
  if (!found) throw notFound('promo code');
  return toPromoCodeRepresentation(found, found.discount);
}

/** 201 with the new code; 200 with the code the member already holds (nothing changed). */
export async function createPromoCodeFromApi(brandId: string, body: CreateBody) {
  if (!body.code?.trim() && !body.template?.trim()) {
    throw invalid([{ field: 'code', message: 'Give a `code`, or a `template` to make one from.' }]);
  }
  const result = await givePromoCode({
    brandId,
    memberId: body.member_id,
    offerId: body.offer_id,
    code: body.code,
    template: body.template,
    discount: body.discount,
    userId: null,
  });
  if (!result.ok && 'missing' in result) throw notFound(result.missing);
  if (!result.ok) {
    throw invalid(
      Object.entries(result.fieldErrors).flatMap(([field, messages]) =>
        messages.map((message) => ({ field: field === 'form' ? '' : field, message })),
      ),
    );
  }
  const code = await promoCodeOf(brandId, result.promoCodeId);
  return result.created ? code : new ApiReply(200, code);
}

/** Deactivates an active code; a code already deactivated is a 409 (its state is final). */
export async function deactivatePromoCodeFromApi(brandId: string, promoCodeId: string) {
  const found = await findPromoCode(brandId, promoCodeId);
  if (!found) throw notFound('promo code');
  if (!(await deactivatePromoCode(brandId, promoCodeId, null))) {
    throw new ApiProblem(
      'conflict',
      `The code ${found.code} is already deactivated; give the member a new code instead.`,
    );
  }
  return promoCodeOf(brandId, promoCodeId);
}

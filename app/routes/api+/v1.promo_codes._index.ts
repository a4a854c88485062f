import { z } from 'zod';
import { decodeCursor, pageOf, pageQuery } from '../../api/paging.server';
import { idFilter } from '../../api/params';
import { createPromoCodeFromApi, promoCodeCreateBody } from '../../api/promo-code-input.server';
import {
  listOf,
  PROMO_CODE_STATUSES,
  promoCodeRepresentation,
  toPromoCodeRepresentation,
} from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { listPromoCodesPage } from '../../promo-codes/promo-codes.server';

const resource = apiResource('/promo_codes', [
  apiOperation({
    method: 'get',
    scope: 'promo_codes:read',
    operationId: 'listPromoCodes',
    summary: 'List promo codes',
    description:
      'The brand’s promo codes, newest first, deactivated ones included unless filtered.',
    tags: ['Promo codes'],
    query: pageQuery.extend({
      member_id: idFilter('member'),
      offer_id: idFilter('offer'),
      status: z
        .enum(PROMO_CODE_STATUSES)
        .optional()
        .meta({ description: 'Only codes in this state.' }),
    }),
    response: listOf(promoCodeRepresentation, 'PromoCodeList'),
    handler: async ({ caller, query }) => {
      const rows = await listPromoCodesPage(caller.brandId, {
        after: decodeCursor(query.starting_after),
        limit: query.limit,
        memberId: query.member_id,
        offerId: query.offer_id,
        status: query.status,
      });
      return pageOf(rows, query.limit, (r) => toPromoCodeRepresentation(r.code, r.code.discount));
    },
  }),
  apiOperation({
    method: 'post',
    scope: 'promo_codes:write',
    operationId: 'createPromoCode',
    summary: 'Give a member a promo code',
    description:
      'Typed (`code`) or made from a `template` such as `{CREATOR_NAME}{NN}`, with the rules of Add Members: upper-cased, unique among the brand’s active codes whatever the case, one active code per member and offer (400 on `code` saying who holds it). A member who already holds exactly that code (or any code, with a template) keeps it: 200 with that code, nothing changed.',
    tags: ['Promo codes'],
    body: promoCodeCreateBody,
    response: promoCodeRepresentation,
    status: 201,
    alsoStatus: [200],
    example: {
      member_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a10',
      offer_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a11',
      code: 'MAYA15',
      discount: '15 % off',
    },
    handler: ({ caller, body }) => createPromoCodeFromApi(caller.brandId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

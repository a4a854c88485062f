import { pathParams } from '../../api/params';
import { deactivatePromoCodeFromApi } from '../../api/promo-code-input.server';
import { promoCodeRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';

const resource = apiResource('/promo_codes/{promoCodeId}/deactivate', [
  apiOperation({
    method: 'post',
    scope: 'promo_codes:write',
    operationId: 'deactivatePromoCode',
    summary: 'Deactivate a promo code',
    description:
      'The code stops crediting (a conversion carrying it is refused with `unknown_code`) and keeps its history; its text can then be given to another member. A code already deactivated: 409.',
    tags: ['Promo codes'],
    params: pathParams({ name: 'promoCodeId', what: 'promo code' }),
    response: promoCodeRepresentation,
    handler: ({ caller, params }) => deactivatePromoCodeFromApi(caller.brandId, params.promoCodeId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

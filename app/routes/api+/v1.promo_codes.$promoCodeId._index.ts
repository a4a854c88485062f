import { pathParams } from '../../api/params';
import { promoCodeOf } from '../../api/promo-code-input.server';
import { promoCodeRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';

const resource = apiResource('/promo_codes/{promoCodeId}', [
  apiOperation({
    method: 'get',
    scope: 'promo_codes:read',
    operationId: 'getPromoCode',
    summary: 'Get a promo code',
    tags: ['Promo codes'],
    params: pathParams({ name: 'promoCodeId', what: 'promo code' }),
    response: promoCodeRepresentation,
    handler: ({ caller, params }) => promoCodeOf(caller.brandId, params.promoCodeId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

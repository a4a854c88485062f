import { pathParams } from '../../api/params';
import { notFound } from '../../api/problem.server';
import { offerRepresentation, toOfferRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { getOffer } from '../../offers/offers.server';

const params = pathParams({ name: 'offerId', what: 'offer' });

const resource = apiResource('/offers/{offerId}', [
  apiOperation({
    method: 'get',
    scope: 'offers:read',
    operationId: 'getOffer',
    summary: 'Get an offer',
    tags: ['Offers'],
    params,
    response: offerRepresentation,
    handler: async ({ caller, params }) => {
      const offer = await getOffer(caller.brandId, params.offerId);
      if (!offer) throw notFound('offer');
      return toOfferRepresentation(offer, offer.payouts);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

import { pathParams } from '../../api/params';
import { notFound } from '../../api/problem.server';
import { offerRepresentation, toOfferRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { getOffer, setOfferStatus } from '../../offers/offers.server';

const resource = apiResource('/offers/{offerId}/resume', [
  apiOperation({
    method: 'post',
    scope: 'offers:write',
    operationId: 'resumeOffer',
    summary: 'Resume an offer',
    description: 'Conversions are attributed again.',
    tags: ['Offers'],
    params: pathParams({ name: 'offerId', what: 'offer' }),
    response: offerRepresentation,
    handler: async ({ caller, params }) => {
      if (!(await setOfferStatus(caller.brandId, params.offerId, 'active')))
        throw notFound('offer');
      const offer = await getOffer(caller.brandId, params.offerId);
      if (!offer) throw notFound('offer');
      return toOfferRepresentation(offer, offer.payouts);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

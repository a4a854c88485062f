import { pathParams } from '../../api/params';
import { notFound } from '../../api/problem.server';
import { offerRepresentation, toOfferRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { getOffer, setOfferStatus } from '../../offers/offers.server';

const resource = apiResource('/offers/{offerId}/pause', [
  apiOperation({
    method: 'post',
    scope: 'offers:write',
    operationId: 'pauseOffer',
    summary: 'Pause an offer',
    description:
      'Links keep redirecting; conversions are refused with `offer_paused` until it is resumed.',
    tags: ['Offers'],
    params: pathParams({ name: 'offerId', what: 'offer' }),
    response: offerRepresentation,
    handler: async ({ caller, params }) => {
      if (!(await setOfferStatus(caller.brandId, params.offerId, 'paused')))
        throw notFound('offer');
      const offer = await getOffer(caller.brandId, params.offerId);
      if (!offer) throw notFound('offer');
      return toOfferRepresentation(offer, offer.payouts);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

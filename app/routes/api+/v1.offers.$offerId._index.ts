import { pathParams } from '../../api/params';
import { notFound } from '../../api/problem.server';
import { offerRepresentation, toOfferRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { getOffer } from '../../offers/offers.server';
import { offerUpdateBody, saveOfferFromApi } from '../../api/offer-input.server';

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
  apiOperation({
    method: 'patch',
    scope: 'offers:write',
    operationId: 'updateOffer',
    summary: 'Update an offer',
    description:
      'Fields left out keep their value; `payout_options`, when given, is the whole list. Checked by the same rules as the portal’s offer form.',
    tags: ['Offers'],
    params,
    body: offerUpdateBody,
    response: offerRepresentation,
    example: { name: 'Summer sale (extended)', ends_at: '2027-01-31T23:59:00Z' },
    handler: async ({ caller, params, body }) => {
      const offer = await saveOfferFromApi(caller.brandId, params.offerId, body);
      return toOfferRepresentation(offer, offer.payouts);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

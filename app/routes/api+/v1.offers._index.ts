import { apiOperation, apiResource } from '../../api/route.server';
import { listOf, offerRepresentation, toOfferRepresentation } from '../../api/representations';
import { decodeCursor, pageOf, pageQuery } from '../../api/paging.server';
import { listOffersPage } from '../../offers/offers.server';
import { offerCreateBody, saveOfferFromApi } from '../../api/offer-input.server';
import { z } from 'zod';

const resource = apiResource('/offers', [
  apiOperation({
    method: 'get',
    scope: 'offers:read',
    operationId: 'listOffers',
    summary: 'List offers',
    description: 'The brand’s offers, newest first. Archived offers only with `archived=true`.',
    tags: ['Offers'],
    query: pageQuery.extend({
      archived: z
        .enum(['true', 'false'])
        .optional()
        .meta({ description: 'Include archived offers.' }),
    }),
    response: listOf(offerRepresentation, 'OfferList'),
    handler: async ({ caller, query }) => {
      const rows = await listOffersPage(caller.brandId, {
        after: decodeCursor(query.starting_after),
        limit: query.limit,
        archived: query.archived === 'true',
      });
      return pageOf(rows, query.limit, (r) => toOfferRepresentation(r.offer, r.payouts));
    },
  }),
  apiOperation({
    method: 'post',
    scope: 'offers:write',
    operationId: 'createOffer',
    summary: 'Create an offer',
    description: 'Checked by the same rules as the portal’s offer form (SPEC §3).',
    tags: ['Offers'],
    body: offerCreateBody,
    response: offerRepresentation,
    status: 201,
    example: {
      name: 'Summer sale',
      offer_url: 'https://shop.example.com/summer',
      currency: 'USD',
      payout_options: [{ title: 'Standard', type: 'cps_percent', percent: '10', is_default: true }],
    },
    handler: async ({ caller, body }) => {
      const offer = await saveOfferFromApi(caller.brandId, null, body);
      return toOfferRepresentation(offer, offer.payouts);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

import { apiOperation, apiResource } from '../../api/route.server';
import { listOf, offerRepresentation, toOfferRepresentation } from '../../api/representations';
import { decodeCursor, pageOf, pageQuery } from '../../api/paging.server';
import { listOffersPage } from '../../offers/offers.server';
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
]);

export const loader = resource.loader;
export const action = resource.action;

import { createLinkFromApi, linkCreateBody } from '../../api/link-input.server';
import { decodeCursor, pageOf, pageQuery } from '../../api/paging.server';
import { idFilter } from '../../api/params';
import {
  linkRepresentation,
  listOf,
  toFiguresRepresentation,
  toLinkRepresentation,
} from '../../api/representations';
import { ApiReply, apiOperation, apiResource } from '../../api/route.server';
import { trackingUrl } from '../../links/link-code.server';
import { listLinksPage } from '../../links/offer-links.server';
import { emptyFigures } from '../../reporting/figures';

const resource = apiResource('/links', [
  apiOperation({
    method: 'get',
    scope: 'links:read',
    operationId: 'listLinks',
    summary: 'List links with their figures',
    description:
      'The brand’s tracking links, newest first, each with its all-time figures (clicks, conversions, sales, commission).',
    tags: ['Links'],
    query: pageQuery.extend({
      offer_id: idFilter('offer'),
      member_id: idFilter('member'),
    }),
    response: listOf(linkRepresentation, 'LinkList'),
    handler: async ({ caller, query }) => {
      const rows = await listLinksPage(caller.brandId, {
        after: decodeCursor(query.starting_after),
        limit: query.limit,
        offerId: query.offer_id,
        memberId: query.member_id,
      });
      return pageOf(rows, query.limit, (r) =>
        toLinkRepresentation(
          r.link,
          trackingUrl(r.link.code),
          toFiguresRepresentation(r.figures ?? emptyFigures()),
        ),
      );
    },
  }),
  apiOperation({
    method: 'post',
    scope: 'links:write',
    operationId: 'createLink',
    summary: 'Create a link for a member and an offer',
    description:
      'Without `deep_link`: the member’s main link on the offer, made once (asking again answers 200 with the same link). With `deep_link`: a further link opening that page, checked by the offer’s deep-link rules (its domain, additional domains or their subdomains; never another site).',
    tags: ['Links'],
    body: linkCreateBody,
    response: linkRepresentation,
    status: 201,
    alsoStatus: [200],
    example: {
      offer_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a10',
      member_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a11',
      deep_link: 'https://shop.example.com/products/serum',
    },
    handler: async ({ caller, body }) => {
      const { created, link } = await createLinkFromApi(caller.brandId, body);
      return new ApiReply(created ? 201 : 200, link);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

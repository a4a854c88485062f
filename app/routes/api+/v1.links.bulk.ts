import {
  bulkLinksFromApi,
  LINKS_BULK_MAX,
  linksBulkBody,
  linksBulkResult,
} from '../../api/link-input.server';
import { apiOperation, apiResource } from '../../api/route.server';

const resource = apiResource('/links/bulk', [
  apiOperation({
    method: 'post',
    scope: 'links:write',
    operationId: 'bulkLinks',
    summary: 'Create up to 100 links',
    description: `Up to ${LINKS_BULK_MAX} links per call, each on its own (as \`POST /links\`): each item’s result says created, existing or failed (with why).`,
    tags: ['Links'],
    body: linksBulkBody,
    response: linksBulkResult,
    example: {
      links: [
        {
          offer_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a10',
          member_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a11',
        },
      ],
    },
    handler: ({ caller, body }) => bulkLinksFromApi(caller.brandId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

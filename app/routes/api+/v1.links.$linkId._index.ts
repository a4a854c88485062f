import { linkRepresentationOf } from '../../api/link-input.server';
import { pathParams } from '../../api/params';
import { linkRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';

const resource = apiResource('/links/{linkId}', [
  apiOperation({
    method: 'get',
    scope: 'links:read',
    operationId: 'getLink',
    summary: 'Get a link with its figures',
    tags: ['Links'],
    params: pathParams({ name: 'linkId', what: 'link' }),
    response: linkRepresentation,
    handler: ({ caller, params }) => linkRepresentationOf(caller.brandId, params.linkId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

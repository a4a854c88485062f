import { memberUpdateBody, updateMemberFromApi } from '../../api/member-input.server';
import { pathParams } from '../../api/params';
import { notFound } from '../../api/problem.server';
import { memberRepresentation, toMemberRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { findMember } from '../../members/members.server';

const params = pathParams({ name: 'memberId', what: 'member' });

const resource = apiResource('/members/{memberId}', [
  apiOperation({
    method: 'get',
    scope: 'members:read',
    operationId: 'getMember',
    summary: 'Get a member',
    tags: ['Members'],
    params,
    response: memberRepresentation,
    handler: async ({ caller, params }) => {
      const found = await findMember(caller.brandId, params.memberId);
      if (!found) throw notFound('member');
      return toMemberRepresentation(found.member, found.projectIds);
    },
  }),
  apiOperation({
    method: 'patch',
    scope: 'members:write',
    operationId: 'updateMember',
    summary: 'Update a member',
    description: 'Fields left out keep their value; `project_ids`, when given, is the whole list.',
    tags: ['Members'],
    params,
    body: memberUpdateBody,
    response: memberRepresentation,
    example: { tiktok: 'maya.glows' },
    handler: ({ caller, params, body }) =>
      updateMemberFromApi(caller.brandId, params.memberId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

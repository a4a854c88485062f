import { memberCreateBody, upsertMemberFromApi } from '../../api/member-input.server';
import { memberRepresentation } from '../../api/representations';
import { ApiReply, apiOperation, apiResource } from '../../api/route.server';

const resource = apiResource('/members/upsert', [
  apiOperation({
    method: 'post',
    scope: 'members:write',
    operationId: 'upsertMember',
    summary: 'Create or update a member by email',
    description:
      'The member with this email is updated (200; fields left out keep their value), or made (201).',
    tags: ['Members'],
    body: memberCreateBody,
    response: memberRepresentation,
    status: 201,
    alsoStatus: [200],
    example: { name: 'Maya Glows', email: 'maya@example.com', project_ids: [] },
    handler: async ({ caller, body }) => {
      const { created, member } = await upsertMemberFromApi(caller.brandId, body);
      return new ApiReply(created ? 201 : 200, member);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

import {
  bulkMembersFromApi,
  membersBulkBody,
  membersBulkResult,
  MEMBERS_BULK_MAX,
} from '../../api/member-input.server';
import { apiOperation, apiResource } from '../../api/route.server';

const resource = apiResource('/members/bulk', [
  apiOperation({
    method: 'post',
    scope: 'members:write',
    operationId: 'bulkMembers',
    summary: 'Create or update up to 100 members',
    description: `Up to ${MEMBERS_BULK_MAX} members per call, each on its own: good items are kept, and each item’s result says created, updated or failed (with its field errors).`,
    tags: ['Members'],
    body: membersBulkBody,
    response: membersBulkResult,
    example: {
      mode: 'upsert',
      members: [
        { name: 'Maya Glows', email: 'maya@example.com' },
        { name: 'Sam Shine', email: 'sam@example.com', tiktok: 'sam.shine' },
      ],
    },
    handler: ({ caller, body }) => bulkMembersFromApi(caller.brandId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

import { z } from 'zod';
import { createMemberFromApi, memberCreateBody } from '../../api/member-input.server';
import { decodeCursor, pageOf, pageQuery } from '../../api/paging.server';
import { idFilter } from '../../api/params';
import { listOf, memberRepresentation, toMemberRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { listMembersPage } from '../../members/members.server';

const resource = apiResource('/members', [
  apiOperation({
    method: 'get',
    scope: 'members:read',
    operationId: 'listMembers',
    summary: 'List members',
    description: 'The brand’s members, newest first. Archived members only with `archived=true`.',
    tags: ['Members'],
    query: pageQuery.extend({
      email: z
        .string()
        .max(254)
        .optional()
        .meta({ description: 'Only the member with this email.' }),
      project_id: idFilter('project', 'Only the members of this project.'),
      archived: z
        .enum(['true', 'false'])
        .optional()
        .meta({ description: 'Include archived members.' }),
    }),
    response: listOf(memberRepresentation, 'MemberList'),
    handler: async ({ caller, query }) => {
      const rows = await listMembersPage(caller.brandId, {
        after: decodeCursor(query.starting_after),
        limit: query.limit,
        archived: query.archived === 'true',
        email: query.email,
        projectId: query.project_id,
      });
      return pageOf(rows, query.limit, (r) => toMemberRepresentation(r.member, r.projectIds));
    },
  }),
  apiOperation({
    method: 'post',
    scope: 'members:write',
    operationId: 'createMember',
    summary: 'Create a member',
    description:
      'An email already in the brand is refused (400 on `email`); use upsert to update it.',
    tags: ['Members'],
    body: memberCreateBody,
    response: memberRepresentation,
    status: 201,
    example: { name: 'Maya Glows', email: 'maya@example.com', instagram: '@maya.glows' },
    handler: ({ caller, body }) => createMemberFromApi(caller.brandId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

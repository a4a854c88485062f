import { decodeCursor, pageOf, pageQuery } from '../../api/paging.server';
import { createProjectFromApi, projectBody } from '../../api/project-input.server';
import { listOf, projectRepresentation, toProjectRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { listProjectsPage } from '../../projects/projects.server';

const resource = apiResource('/projects', [
  apiOperation({
    method: 'get',
    scope: 'members:read',
    operationId: 'listProjects',
    summary: 'List projects',
    description: 'The brand’s projects (groups of members), newest first.',
    tags: ['Projects'],
    query: pageQuery,
    response: listOf(projectRepresentation, 'ProjectList'),
    handler: async ({ caller, query }) => {
      const rows = await listProjectsPage(caller.brandId, {
        after: decodeCursor(query.starting_after),
        limit: query.limit,
      });
      return pageOf(rows, query.limit, (r) => toProjectRepresentation(r.project, r.memberCount));
    },
  }),
  apiOperation({
    method: 'post',
    scope: 'members:write',
    operationId: 'createProject',
    summary: 'Create a project',
    tags: ['Projects'],
    body: projectBody,
    response: projectRepresentation,
    status: 201,
    example: { name: 'Spring 2027 cohort' },
    handler: ({ caller, body }) => createProjectFromApi(caller.brandId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

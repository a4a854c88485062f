import { pathParams } from '../../api/params';
import { notFound } from '../../api/problem.server';
import { projectBody, renameProjectFromApi } from '../../api/project-input.server';
import { projectRepresentation, toProjectRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { findProject } from '../../projects/projects.server';

const params = pathParams({ name: 'projectId', what: 'project' });

const resource = apiResource('/projects/{projectId}', [
  apiOperation({
    method: 'get',
    scope: 'members:read',
    operationId: 'getProject',
    summary: 'Get a project',
    tags: ['Projects'],
    params,
    response: projectRepresentation,
    handler: async ({ caller, params }) => {
      const found = await findProject(caller.brandId, params.projectId);
      if (!found) throw notFound('project');
      return toProjectRepresentation(found.project, found.memberCount);
    },
  }),
  apiOperation({
    method: 'patch',
    scope: 'members:write',
    operationId: 'renameProject',
    summary: 'Rename a project',
    tags: ['Projects'],
    params,
    body: projectBody,
    response: projectRepresentation,
    example: { name: 'Spring cohort' },
    handler: ({ caller, params, body }) =>
      renameProjectFromApi(caller.brandId, params.projectId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;

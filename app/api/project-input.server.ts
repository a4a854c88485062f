/** The API's project writes onto the projects module and the project form's schema. */
import { z } from 'zod';
import { createProject, findProject, renameProject } from '../projects/projects.server';
import { projectFormSchema } from '../projects/schemas';
import { invalid, notFound, zodFieldProblems } from './problem.server';
import { toProjectRepresentation } from './representations';

export const projectBody = z
  .object({ name: z.string().meta({ description: '1–120 characters, unique in the brand.' }) })
  .meta({ id: 'ProjectWrite' });

function parseName(body: z.output<typeof projectBody>): string {
  const parsed = projectFormSchema.safeParse(body);
  if (!parsed.success) throw invalid(zodFieldProblems(parsed.error));
  return parsed.data.name;
}

async function represent(brandId: string, projectId: string) {
  const found = await findProject(brandId, projectId);
  if (!found) throw notFound('project');
  return toProjectRepresentation(found.project, found.memberCount);
}

export async function createProjectFromApi(brandId: string, body: z.output<typeof projectBody>) {
  const result = await createProject(brandId, parseName(body));
  if (!result.ok) throw invalid([{ field: 'name', message: result.fieldErrors.name[0] }]);
  return represent(brandId, result.value.id);
}

export async function renameProjectFromApi(
  brandId: string,
  projectId: string,
  body: z.output<typeof projectBody>,
) {
  if (!(await findProject(brandId, projectId))) throw notFound('project');
  const result = await renameProject(brandId, projectId, parseName(body));
  if (!result.ok) throw invalid([{ field: 'name', message: result.fieldErrors.name[0] }]);
  return represent(brandId, projectId);
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { Field } from '~/components/ui/field';
import { Card, EmptyState, PageHeader } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { createProject, listProjects } from '~/projects/projects.server';
import { PROJECT_NAME_MAX, projectFormSchema } from '~/projects/schemas';

export const meta: MetaFunction = () => [{ title: 'Projects · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  return { projects: await listProjects(brand.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'projects');
  const formData = await request.formData();
  const parsed = parseForm(projectFormSchema, formData);
  const name = String(formData.get('name') ?? '');
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, name, created: null });
  const result = await createProject(brand.id, parsed.data.name);
  if (!result.ok) return badRequest({ fieldErrors: result.fieldErrors, name, created: null });
  return { fieldErrors: null, name: '', created: result.value };
}

const number = new Intl.NumberFormat('en-US');

export default function ProjectsIndex() {
  const { projects } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (actionData?.created) form.current?.reset();
  }, [actionData]);
  return (
    <>
      <PageHeader
        title="Projects"
        description="Group members by campaign or cohort, then filter the members list by project."
      />
      <Card className="mb-6">
        <h2 className="text-base font-semibold">New project</h2>
        <Form
          ref={form}
          method="post"
          className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-start"
          noValidate
        >
          <div className="flex-1">
            <Field
              label="Project name"
              name="name"
              required
              maxLength={PROJECT_NAME_MAX}
              defaultValue={actionData?.fieldErrors ? actionData.name : ''}
              key={actionData?.created?.id ?? 'new'}
              errors={actionData?.fieldErrors?.name}
              placeholder="Spring launch"
            />
          </div>
          <Button className="sm:mt-6" disabled={submitting}>
            {submitting ? 'Creating…' : 'Create project'}
          </Button>
        </Form>
        {actionData?.created ? (
          <p role="status" className="mt-3 text-sm text-green-800">
            Created{' '}
            <Link to={`/brand/projects/${actionData.created.id}`} className="font-medium underline">
              {actionData.created.name}
            </Link>
            . Open it to add members.
          </p>
        ) : null}
      </Card>
      {projects.length === 0 ? (
        <EmptyState title="No projects yet">
          Create a project above, then add members to it from the project page, from a member’s
          form, or with a CSV import.
        </EmptyState>
      ) : (
        <Table caption="Projects">
          <thead>
            <tr>
              <Th>Project</Th>
              <Th align="right">Members</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {projects.map((p) => (
              <tr key={p.id}>
                <Td>
                  <Link
                    to={`/brand/projects/${p.id}`}
                    className="break-all font-medium text-brand-700 hover:underline"
                  >
                    {p.name}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">
                  <Link
                    to={`/brand/members?project=${p.id}`}
                    className="hover:underline"
                    aria-label={`${number.format(p.memberCount)} ${p.memberCount === 1 ? 'member' : 'members'} in ${p.name}`}
                  >
                    {number.format(p.memberCount)}
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

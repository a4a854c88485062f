import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button, buttonClass } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm';
import { ErrorList, Field, inputClass } from '~/components/ui/field';
import { Card, EmptyState, PageHeader, BackLink } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import {
  assignMembers,
  deleteProject,
  getProjectPage,
  renameProject,
  requireProject,
  unassignMember,
} from '~/projects/projects.server';
import { PROJECT_MEMBERS_LIMIT, PROJECT_NAME_MAX, projectActionSchema } from '~/projects/schemas';
import { MemberNameCell } from '~/members/member-name-cell';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.project.name ?? 'Project'} · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200);
  return { ...(await getProjectPage(brand.id, params.projectId ?? '', q)), q };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'projects');
  const projectId = params.projectId ?? '';
  await requireProject(brand.id, projectId);
  const parsed = parseForm(projectActionSchema, await request.formData());
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, message: null });
  const input = parsed.data;
  switch (input.intent) {
    case 'rename': {
      const result = await renameProject(brand.id, projectId, input.name);
      if (!result.ok) return badRequest({ fieldErrors: result.fieldErrors, message: null });
      return { fieldErrors: null, message: `Renamed to ${input.name}.` };
    }
    case 'delete':
      await deleteProject(brand.id, projectId);
      return redirect('/brand/projects');
    case 'assign': {
      const added = await assignMembers(brand.id, projectId, input.memberIds);
      return {
        fieldErrors: null,
        message: `Added ${added} ${added === 1 ? 'member' : 'members'}.`,
      };
    }
    case 'unassign':
      await unassignMember(brand.id, projectId, input.memberId);
      return { fieldErrors: null, message: 'Removed from the project.' };
  }
}

const number = new Intl.NumberFormat('en-US');

export default function ProjectPage() {
  const { project, members, memberCount, candidates, q } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const errors = actionData?.fieldErrors as Record<string, string[]> | null | undefined;
  return (
    <>
      <BackLink to="/brand/projects">Projects</BackLink>
      <PageHeader
        title={project.name}
        description={`${number.format(memberCount)} ${memberCount === 1 ? 'member' : 'members'}`}
        actions={
          <>
            <Link to={`/brand/members?project=${project.id}`} className={buttonClass('secondary')}>
              Open in members list
            </Link>
            <ConfirmDialog
              trigger="Delete project"
              title={`Delete ${project.name}?`}
              confirmLabel="Delete project"
              form={(button) => (
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  {button}
                </Form>
              )}
            >
              The project goes away; its {number.format(memberCount)}{' '}
              {memberCount === 1 ? 'member stays' : 'members stay'} in your members list.
            </ConfirmDialog>
          </>
        }
      />
      {actionData?.message ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800 ring-1 ring-green-600/20"
        >
          {actionData.message}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-1">
          <Card>
            <h2 className="text-base font-semibold">Rename</h2>
            <Form method="post" className="mt-3 space-y-3" noValidate key={project.name}>
              <input type="hidden" name="intent" value="rename" />
              <Field
                label="Project name"
                name="name"
                required
                maxLength={PROJECT_NAME_MAX}
                defaultValue={project.name}
                errors={errors?.name}
              />
              <Button variant="secondary" disabled={busy}>
                Save name
              </Button>
            </Form>
          </Card>
          <Card>
            <h2 className="text-base font-semibold">Add members</h2>
            <Form method="get" role="search" className="mt-3">
              <label htmlFor="candidate-search" className="block text-sm font-medium">
                Find members
              </label>
              <div className="mt-1 flex gap-2">
                <input
                  id="candidate-search"
                  type="search"
                  name="q"
                  defaultValue={q}
                  maxLength={200}
                  placeholder="Name, email or username"
                  className={inputClass}
                />
                <button type="submit" className={buttonClass('secondary')}>
                  Find
                </button>
              </div>
            </Form>
            {q ? (
              candidates.length ? (
                <Form method="post" className="mt-3 space-y-3">
                  <input type="hidden" name="intent" value="assign" />
                  <fieldset>
                    <legend className="text-sm text-slate-600">
                      Members not yet in this project
                    </legend>
                    <ul className="mt-1 max-h-72 space-y-1 overflow-y-auto">
                      {candidates.map((m) => (
                        <li key={m.id}>
                          <label className="flex items-start gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                            <input
                              type="checkbox"
                              name="memberIds"
                              value={m.id}
                              className="mt-0.5 h-4 w-4 rounded border-slate-300"
                            />
                            <span className="break-all">
                              {m.name} <span className="text-slate-500">{m.email}</span>
                            </span>
                          </label>
                        </li>
                      ))}
                    </ul>
                  </fieldset>
                  <ErrorList errors={errors?.memberIds} />
                  <Button disabled={busy}>Add selected</Button>
                </Form>
              ) : (
                <p className="mt-3 text-sm text-slate-600">
                  No member outside this project matches “{q}”.
                </p>
              )
            ) : (
              <p className="mt-2 text-xs text-slate-500">
                Search your members, tick the ones to add, then press “Add selected”.
              </p>
            )}
          </Card>
        </div>
        <section className="lg:col-span-2" aria-labelledby="project-members">
          <h2 id="project-members" className="mb-3 text-lg font-semibold">
            Members of this project
          </h2>
          {members.length === 0 ? (
            <EmptyState
              title="No members in this project yet"
              action={
                <Link
                  to={`/brand/members/new?project=${project.id}`}
                  className={buttonClass('primary')}
                >
                  Add a new member
                </Link>
              }
            >
              Find existing members with “Add members”, create a new one, or import a CSV with a
              projects column.
            </EmptyState>
          ) : (
            <>
              <Table caption={`Members of ${project.name}`}>
                <thead>
                  <tr>
                    <Th>Member</Th>
                    <Th align="right">
                      <span className="sr-only">Actions</span>
                    </Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {members.map((m) => (
                    <tr key={m.id}>
                      <MemberNameCell member={m} />
                      <Td className="text-right">
                        <Form method="post">
                          <input type="hidden" name="intent" value="unassign" />
                          <input type="hidden" name="memberId" value={m.id} />
                          <button
                            type="submit"
                            className={buttonClass('ghost', 'text-red-700')}
                            aria-label={`Remove ${m.name} from ${project.name}`}
                          >
                            Remove
                          </button>
                        </Form>
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              {memberCount > members.length ? (
                <p className="mt-2 text-sm text-slate-600">
                  Showing the first {PROJECT_MEMBERS_LIMIT}.{' '}
                  <Link
                    to={`/brand/members?project=${project.id}`}
                    className="text-brand-700 underline"
                  >
                    See all {number.format(memberCount)} in the members list
                  </Link>
                  .
                </p>
              ) : null}
            </>
          )}
        </section>
      </div>
    </>
  );
}

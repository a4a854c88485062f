import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { PageHeader } from '~/components/ui/layout';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { MemberForm, submittedValues } from '~/members/member-form';
import { createMember } from '~/members/members.server';
import { memberFormSchema } from '~/members/schemas';
import { listProjectOptions } from '~/projects/projects.server';

export const meta: MetaFunction = () => [{ title: 'Add member · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const url = new URL(request.url);
  return { projects: await listProjectOptions(brand.id), project: url.searchParams.get('project') };
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'members');
  const formData = await request.formData();
  const values = submittedValues(formData);
  const parsed = parseForm(memberFormSchema, formData);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values });
  const result = await createMember(brand.id, parsed.data);
  if (!result.ok) return badRequest({ fieldErrors: result.fieldErrors, values });
  return redirect(`/brand/members/${result.value.id}`);
}

export default function NewMember() {
  const { projects, project } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Add member"
        description="A creator who will promote your offers. You can give them tracking links from an offer."
      />
      <MemberForm
        key={JSON.stringify(actionData?.values ?? null)}
        defaults={actionData?.values ?? { projectIds: project ? [project] : [] }}
        projects={projects}
        errors={actionData?.fieldErrors}
        submitLabel="Add member"
        cancelTo="/brand/members"
      />
    </>
  );
}

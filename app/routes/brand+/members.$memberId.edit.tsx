import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { BackLink, PageHeader } from '~/components/ui/layout';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { MemberForm, submittedValues } from '~/members/member-form';
import { requireMember, updateMember } from '~/members/members.server';
import { memberFormSchema } from '~/members/schemas';
import { listProjectOptions } from '~/projects/projects.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.member.name ?? 'member'} · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const [member, projects] = await Promise.all([
    requireMember(brand.id, params.memberId ?? ''),
    listProjectOptions(brand.id),
  ]);
  return { member, projects };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'members');
  const memberId = params.memberId ?? '';
  await requireMember(brand.id, memberId);
  const formData = await request.formData();
  const values = submittedValues(formData);
  const parsed = parseForm(memberFormSchema, formData);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values });
  const result = await updateMember(brand.id, memberId, parsed.data);
  if (!result.ok) return badRequest({ fieldErrors: result.fieldErrors, values });
  return redirect(`/brand/members/${memberId}`);
}

export default function EditMember() {
  const { member, projects } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to={`/brand/members/${member.id}`}>{member.name}</BackLink>
      <PageHeader title={`Edit ${member.name}`} />
      <MemberForm
        key={JSON.stringify(actionData?.values ?? null)}
        defaults={
          actionData?.values ?? {
            name: member.name,
            email: member.email,
            instagram: member.instagram,
            tiktok: member.tiktok,
            projectIds: member.projects.map((p) => p.id),
          }
        }
        projects={projects}
        errors={actionData?.fieldErrors}
        submitLabel="Save changes"
        cancelTo={`/brand/members/${member.id}`}
      />
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { assertCan, can, requireBrandRole } from '~/auth/permissions.server';
import { ASSIGNABLE_ROLES, ROLE_LABELS, ROLE_SUMMARIES } from '~/auth/roles';
import { Button } from '~/components/ui/button';
import { ErrorList, Field, inputClass } from '~/components/ui/field';
import { Card, PageHeader } from '~/components/ui/layout';
import { SelectField } from '~/components/ui/select';
import { Table, Td, Th } from '~/components/ui/table';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { inviteTeammate, resendInvitation, revokeInvitation } from '~/team/invitations.server';
import { teamFormSchema } from '~/team/schemas';
import { TeamError } from '~/team/team-error';
import {
  brandRequiresTwoFactor,
  changeRole,
  listTeam,
  removeTeammate,
  setRequireTwoFactor,
  transferOwnership,
} from '~/team/team.server';

export const meta: MetaFunction = () => [{ title: 'Team · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand, user, role } = await requireBrandRole(request, 'read');
  const team = await listTeam(brand.id);
  return {
    ...team,
    me: user.id,
    canManage: can(role, 'team'),
    isOwner: can(role, 'ownership'),
    requireTwoFactor: await brandRequiresTwoFactor(brand.id),
  };
}

type ActionData = { intent: string; done?: string; fieldErrors?: Record<string, string[]> };

export async function action({ request }: ActionFunctionArgs) {
  // Two rules: the team is an admin's, handing the brand over the owner's.
  const access = await requireBrandRole(request, 'read');
  const { brand, user } = access;
  const form = await request.formData();
  const ownersOnly = ['transfer', 'require-two-factor'].includes(String(form.get('intent')));
  assertCan(access, ownersOnly ? 'ownership' : 'team');
  const parsed = parseForm(teamFormSchema, form);
  if (!parsed.ok) {
    return badRequest<ActionData>({ intent: 'form', fieldErrors: parsed.fieldErrors });
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case 'invite':
        await inviteTeammate(brand.id, user.id, { email: input.email, role: input.role });
        return {
          intent: input.intent,
          done: `Invitation sent to ${input.email} as ${ROLE_LABELS[input.role].toLowerCase()}.`,
        } satisfies ActionData;
      case 'resend': {
        const row = await resendInvitation(brand.id, input.invitationId, user.id);
        return { intent: input.intent, done: `Invitation sent again to ${row.email}.` };
      }
      case 'revoke': {
        const row = await revokeInvitation(brand.id, input.invitationId);
        return { intent: input.intent, done: `The invitation to ${row.email} is revoked.` };
      }
      case 'change-role': {
        const member = await changeRole(brand.id, input.userId, input.role);
        return {
          intent: input.intent,
          done: `${member.name} is now ${ROLE_LABELS[input.role].toLowerCase()}.`,
        };
      }
      case 'remove': {
        const member = await removeTeammate(brand.id, input.userId);
        return { intent: input.intent, done: `${member.name} is no longer on the team.` };
      }
      case 'require-two-factor': {
        const on = input.requireTwoFactor === 'on';
        await setRequireTwoFactor(brand.id, on);
        return {
          intent: input.intent,
          done: on
            ? 'Every member now needs two-factor sign-in to open this brand.'
            : 'Two-factor sign-in is no longer required for this brand.',
        };
      }
      case 'transfer': {
        const member = await transferOwnership(brand.id, user.id, input.toUserId, input.password);
        return {
          intent: input.intent,
          done: `${member.name} is now the owner; you are an admin.`,
        };
      }
    }
  } catch (error) {
    if (error instanceof TeamError) {
      return badRequest<ActionData>({
        intent: input.intent,
        fieldErrors: { [error.field]: [error.message] },
      });
    }
    throw error;
  }
}

const roleOptions = ASSIGNABLE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default function TeamPage() {
  const { members, invitations, me, canManage, isOwner, requireTwoFactor } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const errors = result?.fieldErrors;
  const others = members.filter((m) => m.userId !== me);
  return (
    <>
      <PageHeader
        title="Team"
        description="The people who work on this brand in Offerlink, and what each may do."
      />
      {result?.done ? (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {result.done}
        </p>
      ) : null}
      {errors && (result?.intent === 'form' || errors.form) ? (
        <div className="mb-4">
          <ErrorList errors={Object.values(errors).flat()} />
        </div>
      ) : null}

      <Table caption="Members">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Last sign-in</Th>
            {canManage ? <Th>Change</Th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => (
            <tr key={m.userId}>
              <Td className="font-medium text-slate-900">
                {m.name}
                {m.userId === me ? ' (you)' : ''}
              </Td>
              <Td>{m.email}</Td>
              <Td>{ROLE_LABELS[m.role]}</Td>
              <Td>{m.lastSignInAt ? dateTime.format(new Date(m.lastSignInAt)) : 'Never'}</Td>
              {canManage ? (
                <Td>
                  {m.role === 'owner' ? (
                    <span className="text-slate-500">Owner: changes by a transfer</span>
                  ) : (
                    <div className="flex flex-wrap items-end gap-2">
                      <Form method="post" className="flex items-end gap-2">
                        <input type="hidden" name="intent" value="change-role" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <div>
                          <label
                            htmlFor={`role-${m.userId}`}
                            className="block text-xs font-medium text-slate-600"
                          >
                            Role of {m.name}
                          </label>
                          <select
                            id={`role-${m.userId}`}
                            name="role"
                            defaultValue={m.role}
                            className={`${inputClass} py-1`}
                          >
                            {roleOptions.map((o) => (
                              <option key={o.value} value={o.value}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                        </div>
                        <Button variant="secondary">Save role</Button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <Button variant="danger">Remove {m.name}</Button>
                      </Form>
                    </div>
                  )}
                </Td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </Table>

      <h2 className="mt-8 text-lg font-semibold">Pending invitations</h2>
      {invitations.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No invitations waiting.</p>
      ) : (
        <div className="mt-2">
          <Table caption="Pending invitations">
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Invited by</Th>
                <Th>Link valid until</Th>
                {canManage ? <Th>Change</Th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {invitations.map((i) => {
                const expired = new Date(i.expiresAt).getTime() <= Date.now();
                return (
                  <tr key={i.id}>
                    <Td>{i.email}</Td>
                    <Td>{ROLE_LABELS[i.role]}</Td>
                    <Td>{i.invitedBy ?? '—'}</Td>
                    <Td>{expired ? 'Expired' : date.format(new Date(i.expiresAt))}</Td>
                    {canManage ? (
                      <Td>
                        <div className="flex gap-2">
                          <Form method="post">
                            <input type="hidden" name="intent" value="resend" />
                            <input type="hidden" name="invitationId" value={i.id} />
                            <Button variant="secondary">Re-send to {i.email}</Button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="invitationId" value={i.id} />
                            <Button variant="danger">Revoke invitation to {i.email}</Button>
                          </Form>
                        </div>
                      </Td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      )}

      {canManage ? (
        <Card className="mt-8">
          <h2 className="text-lg font-semibold">Invite a teammate</h2>
          <Form
            method="post"
            className="mt-4 grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start"
            noValidate
          >
            <input type="hidden" name="intent" value="invite" />
            <Field
              label="Email"
              name="email"
              type="email"
              required
              maxLength={254}
              errors={result?.intent === 'invite' ? errors?.email : undefined}
            />
            <SelectField
              label="Role"
              name="role"
              defaultValue="viewer"
              options={roleOptions}
              errors={result?.intent === 'invite' ? errors?.role : undefined}
            />
            <Button className="sm:mt-6">Send invitation</Button>
          </Form>
          <dl className="mt-4 space-y-1 text-sm text-slate-600">
            {(['owner', ...ASSIGNABLE_ROLES] as const).map((r) => (
              <div key={r}>
                <dt className="inline font-medium text-slate-800">{ROLE_LABELS[r]}: </dt>
                <dd className="inline">{ROLE_SUMMARIES[r]}</dd>
              </div>
            ))}
          </dl>
        </Card>
      ) : null}

      {isOwner ? (
        <Card className="mt-8">
          <h2 className="text-lg font-semibold">Two-factor sign-in</h2>
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="intent" value="require-two-factor" />
            <div className="flex items-start gap-2">
              <input
                id="require-two-factor"
                type="checkbox"
                name="requireTwoFactor"
                value="on"
                defaultChecked={requireTwoFactor}
                className="mt-1"
              />
              <label htmlFor="require-two-factor" className="text-sm text-slate-800">
                Require two-factor sign-in for every member of this brand (members without it are
                sent to set it up before they can open the brand)
              </label>
            </div>
            <Button variant="secondary">Save two-factor rule</Button>
          </Form>
        </Card>
      ) : null}

      {isOwner && others.length > 0 ? (
        <Card className="mt-8">
          <h2 className="text-lg font-semibold">Transfer ownership</h2>
          <p className="mt-1 text-sm text-slate-600">
            The teammate you choose becomes the owner; you stay on the team as an admin.
          </p>
          <Form
            method="post"
            className="mt-4 grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
            noValidate
          >
            <input type="hidden" name="intent" value="transfer" />
            <SelectField
              label="New owner"
              name="toUserId"
              options={others.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
              errors={result?.intent === 'transfer' ? errors?.toUserId : undefined}
            />
            <Field
              label="Your password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              errors={result?.intent === 'transfer' ? errors?.password : undefined}
            />
            <Button variant="danger" className="sm:mt-6">
              Transfer ownership
            </Button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getSignedInPerson } from '~/auth/brand-auth.server';
import { ROLE_LABELS, ROLE_SUMMARIES } from '~/auth/roles';
import { sessionCookie, setSessionBrand } from '~/auth/session.server';
import { NewPasswordField } from '~/auth/new-password-field';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { parseForm } from '~/forms/parse-form';
import {
  acceptInvitationAs,
  acceptInvitationWithNewAccount,
  checkInvitation,
} from '~/team/invitations.server';
import { acceptWithNewAccountSchema, INVITATION_DAYS } from '~/team/schemas';

export const meta: MetaFunction = () => [
  { title: 'Invitation · Offerlink' },
  { name: 'robots', content: 'noindex' },
  { name: 'referrer', content: 'no-referrer' },
];

type Refusal = 'unknown' | 'used' | 'expired' | 'revoked' | 'wrong_person';

/**
 * The emailed invitation link. Opening it only checks the token (mail scanners open links);
 * the form uses it: joins the brand as the signed-in person, or creates the invited account.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const check = await checkInvitation(params.token ?? '');
  if (!check.ok) return data({ state: 'invalid' as const, reason: check.reason as Refusal }, 400);
  const person = await getSignedInPerson(request);
  const path = new URL(request.url).pathname;
  const invitation = {
    brandName: check.brandName,
    email: check.email,
    role: ROLE_LABELS[check.role],
    summary: ROLE_SUMMARIES[check.role],
  };
  if (person) {
    return {
      state: person.email === check.email ? ('join' as const) : ('other_person' as const),
      invitation,
      signedInAs: person.email,
      path,
    };
  }
  return {
    state: check.existingUserId ? ('sign_in' as const) : ('create' as const),
    invitation,
    signedInAs: null,
    path,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? '';
  const person = await getSignedInPerson(request);
  if (person) {
    const result = await acceptInvitationAs(token, person);
    if (!result.ok) return data({ reason: result.reason as Refusal, fieldErrors: {} }, 400);
    await setSessionBrand(person.sessionId, result.brandId);
    return redirect('/brand');
  }
  const parsed = parseForm(acceptWithNewAccountSchema, await request.formData());
  if (!parsed.ok) return data({ reason: null, fieldErrors: parsed.fieldErrors }, 400);
  const result = await acceptInvitationWithNewAccount(token, {
    ...parsed.data,
    userAgent: request.headers.get('user-agent'),
  });
  if (!result.ok) return data({ reason: result.reason as Refusal, fieldErrors: {} }, 400);
  return redirect('/brand', {
    headers: { 'Set-Cookie': sessionCookie(request, result.token!, result.expiresAt!) },
  });
}

const reasons: Record<Refusal, string> = {
  unknown: 'This invitation link is not valid.',
  used: 'This invitation has already been accepted.',
  expired: 'This invitation has expired.',
  revoked: 'This invitation was withdrawn.',
  wrong_person: 'This invitation is for another email address.',
};

export default function Invitation() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state !== 'idle';
  const reason = actionData?.reason ?? (loaderData.state === 'invalid' ? loaderData.reason : null);
  if (reason || loaderData.state === 'invalid') {
    return (
      <>
        <h1 className="text-xl font-semibold">{reasons[reason ?? 'unknown']}</h1>
        <p className="mt-2 text-sm text-slate-600">
          Invitation links work once and expire after {INVITATION_DAYS} days. Ask the brand&apos;s
          admin to send you a new one.
        </p>
        <p className="mt-6 text-center text-sm">
          <Link to="/sign-in" className="font-semibold text-brand-600 hover:underline">
            Go to sign-in
          </Link>
        </p>
      </>
    );
  }
  const { invitation, signedInAs } = loaderData;
  const errors = actionData?.fieldErrors as Record<string, string[]> | undefined;
  return (
    <>
      <h1 className="text-xl font-semibold">Join {invitation.brandName}</h1>
      <p className="mt-2 text-sm text-slate-600">
        You are invited as <strong>{invitation.role.toLowerCase()}</strong>: {invitation.summary}
      </p>
      {loaderData.state === 'join' ? (
        <Form method="post" className="mt-6">
          <Button className="w-full" disabled={submitting}>
            Join {invitation.brandName}
          </Button>
        </Form>
      ) : loaderData.state === 'other_person' ? (
        <>
          <p className="mt-4 text-sm text-slate-700">
            This invitation is for {invitation.email}, and you are signed in as {signedInAs}. Sign
            out, then open the link again.
          </p>
          <Form method="post" action="/sign-out" className="mt-6">
            <Button className="w-full" variant="secondary">
              Sign out
            </Button>
          </Form>
        </>
      ) : loaderData.state === 'sign_in' ? (
        <>
          <p className="mt-4 text-sm text-slate-700">
            {invitation.email} already has an Offerlink account. Sign in to add{' '}
            {invitation.brandName} to it.
          </p>
          <Link
            to={`/sign-in?redirectTo=${encodeURIComponent(loaderData.path)}`}
            className="mt-6 block w-full rounded-md bg-brand-600 px-3.5 py-2 text-center text-sm font-semibold text-white hover:bg-brand-700"
          >
            Sign in to accept
          </Link>
        </>
      ) : (
        <Form method="post" className="mt-6 space-y-4" noValidate>
          <ErrorList errors={errors?.form} />
          <Field label="Email" name="emailShown" value={invitation.email} readOnly disabled />
          <Field
            label="Your name"
            name="name"
            autoComplete="name"
            required
            maxLength={120}
            errors={errors?.name}
          />
          <NewPasswordField label="Choose a password" errors={errors?.password} />
          <Button className="w-full" disabled={submitting}>
            Create my account and join
          </Button>
        </Form>
      )}
    </>
  );
}

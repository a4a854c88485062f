import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { checkPasswordResetToken, resetPassword } from '~/auth/password-reset.server';
import { newPasswordSchema, PASSWORD_MAX } from '~/auth/schemas';
import { clearSessionCookie } from '~/auth/session.server';
import { NewPasswordField } from '~/auth/new-password-field';
import { Button } from '~/components/ui/button';
import { Field } from '~/components/ui/field';
import { parseForm } from '~/forms/parse-form';

export const meta: MetaFunction = () => [
  { title: 'Choose a new password · Offerlink' },
  { name: 'robots', content: 'noindex' },
  { name: 'referrer', content: 'no-referrer' },
];

type Refusal = 'unknown' | 'used' | 'expired';

/** Opening the link only checks it (mail scanners open links); the form uses it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkPasswordResetToken(params.token ?? '');
  if (!check.ok) return data({ reason: check.reason as Refusal | null, email: null }, 400);
  return { reason: null, email: check.email };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(newPasswordSchema, await request.formData());
  if (!parsed.ok) return data({ reason: null, fieldErrors: parsed.fieldErrors }, 400);
  const result = await resetPassword(params.token ?? '', parsed.data.password);
  if (!result.ok) return data({ reason: result.reason as Refusal, fieldErrors: {} }, 400);
  // Every session of the person has ended, this browser's too: sign in with the new password.
  return redirect('/sign-in?passwordReset=1', {
    headers: { 'Set-Cookie': clearSessionCookie(request) },
  });
}

const reasons: Record<Refusal, string> = {
  unknown: 'This password reset link is not valid.',
  used: 'This password reset link has already been used.',
  expired: 'This password reset link has expired.',
};

export default function ResetPassword() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state !== 'idle';
  const reason = actionData?.reason ?? loaderData.reason;
  if (reason) {
    return (
      <>
        <h1 className="text-xl font-semibold">{reasons[reason]}</h1>
        <p className="mt-2 text-sm text-slate-600">
          Reset links work once and expire after an hour. Ask for a new one.
        </p>
        <p className="mt-6 text-center text-sm">
          <Link to="/forgot-password" className="font-semibold text-brand-600 hover:underline">
            Email me a new link
          </Link>
        </p>
      </>
    );
  }
  const errors = actionData?.fieldErrors as Record<string, string[]> | undefined;
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <p className="mt-1 text-sm text-slate-600">
        For {loaderData.email}. Every other session of your account will be signed out.
      </p>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <NewPasswordField label="New password" errors={errors?.password} />
        <Field
          label="New password again"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          maxLength={PASSWORD_MAX}
          errors={errors?.confirmPassword}
        />
        <Button className="w-full" disabled={submitting}>
          Save the new password
        </Button>
      </Form>
    </>
  );
}

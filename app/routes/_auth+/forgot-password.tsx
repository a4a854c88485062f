import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { clientAddress } from '~/auth/client-address.server';
import { requestPasswordReset } from '~/auth/password-reset.server';
import { forgotPasswordSchema, PASSWORD_RESET_MINUTES } from '~/auth/schemas';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { parseForm } from '~/forms/parse-form';
import { headersWithRetryAfter } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Forgot your password? · Offerlink' }];

export const headers = headersWithRetryAfter;

/** The same answer whether or not the address has an account. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(forgotPasswordSchema, await request.formData());
  if (!parsed.ok) return data({ sentTo: null, fieldErrors: parsed.fieldErrors }, 400);
  const result = await requestPasswordReset({
    email: parsed.data.email,
    clientAddress: clientAddress(request),
  });
  if (!result.ok) {
    return data(
      {
        sentTo: null,
        fieldErrors: {
          form: [`Too many requests. Try again in ${result.retryAfter} seconds.`],
        } as Record<string, string[]>,
      },
      { status: 429, headers: { 'Retry-After': String(result.retryAfter) } },
    );
  }
  return { sentTo: parsed.data.email, fieldErrors: {} as Record<string, string[]> };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const errors = actionData?.fieldErrors;
  if (actionData?.sentTo) {
    return (
      <>
        <h1 className="text-xl font-semibold">Check your email</h1>
        <p role="status" className="mt-2 text-sm text-slate-700">
          If {actionData.sentTo} has an Offerlink account, we sent it a link to choose a new
          password. The link works once, for {PASSWORD_RESET_MINUTES} minutes.
        </p>
        <p className="mt-6 text-center text-sm">
          <Link to="/sign-in" className="font-semibold text-brand-600 hover:underline">
            Back to sign-in
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      <p className="mt-1 text-sm text-slate-600">
        Enter the email address you sign in with; we will email you a link to choose a new password.
      </p>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <ErrorList errors={errors?.form} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          errors={errors?.email}
        />
        <Button className="w-full" disabled={submitting}>
          Email me a link
        </Button>
      </Form>
      <p className="mt-6 text-center text-sm">
        <Link to="/sign-in" className="font-semibold text-brand-600 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { EmailTakenError, isSignedInBrandUser, signUp } from '~/auth/brand-auth.server';
import { signUpSchema } from '~/auth/schemas';
import { sessionCookie } from '~/auth/session.server';
import { NewPasswordField } from '~/auth/new-password-field';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { parseForm } from '~/forms/parse-form';

export const meta: MetaFunction = () => [{ title: 'Create your brand · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await isSignedInBrandUser(request)) throw redirect('/brand');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(signUpSchema, await request.formData());
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    const { token, session } = await signUp({
      ...parsed.data,
      userAgent: request.headers.get('user-agent'),
    });
    return redirect('/brand', {
      headers: { 'Set-Cookie': sessionCookie(request, token, session.expiresAt) },
    });
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return data(
        { fieldErrors: { email: ['An account with this email already exists. Sign in instead.'] } },
        { status: 400 },
      );
    }
    throw error;
  }
}

export default function SignUp() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const errors = actionData?.fieldErrors as Record<string, string[]> | undefined;
  return (
    <>
      <h1 className="text-xl font-semibold">Create your brand account</h1>
      <p className="mt-1 text-sm text-slate-600">
        Track your creators&apos; links, conversions and commissions.
      </p>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <ErrorList errors={errors?.form} />
        <Field
          label="Brand name"
          name="brandName"
          required
          maxLength={120}
          errors={errors?.brandName}
        />
        <Field
          label="Your name"
          name="name"
          autoComplete="name"
          required
          maxLength={120}
          errors={errors?.name}
        />
        <Field
          label="Work email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          errors={errors?.email}
        />
        <NewPasswordField label="Password" errors={errors?.password} />
        <Button className="w-full" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create account'}
        </Button>
      </Form>
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link to="/sign-in" className="font-semibold text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}

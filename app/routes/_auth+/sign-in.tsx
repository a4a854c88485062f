import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { isSignedInBrandUser, signIn } from '~/auth/brand-auth.server';
import { clientAddress } from '~/auth/client-address.server';
import { PASSWORD_MAX, safeRedirect, signInSchema } from '~/auth/schemas';
import { sessionCookie, twoFactorCookie } from '~/auth/session.server';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { parseForm } from '~/forms/parse-form';
import { headersWithRetryAfter } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · Offerlink' }];

export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await isSignedInBrandUser(request)) throw redirect('/brand');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(signInSchema, await request.formData());
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await signIn({
    ...parsed.data,
    clientAddress: clientAddress(request),
    userAgent: request.headers.get('user-agent'),
    redirectTo: parsed.data.redirectTo ?? null,
  });
  if (!result.ok) {
    if (result.error === 'rate_limited') {
      return data(
        {
          fieldErrors: {
            form: [`Too many failed sign-in attempts. Try again in ${result.retryAfter} seconds.`],
          },
        },
        { status: 429, headers: { 'Retry-After': String(result.retryAfter) } },
      );
    }
    return data(
      { fieldErrors: { form: ['The email or password is incorrect.'] } },
      { status: 400 },
    );
  }
  if (result.ok === 'two_factor') {
    return redirect('/two-factor', {
      headers: {
        'Set-Cookie': twoFactorCookie(request, result.challengeToken, result.expiresAt),
      },
    });
  }
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': sessionCookie(request, result.token, result.expiresAt) },
  });
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const submitting = useNavigation().state === 'submitting';
  const errors = actionData?.fieldErrors as Record<string, string[]> | undefined;
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in to your brand</h1>
      {searchParams.get('passwordReset') ? (
        <p role="status" className="mt-2 rounded-md bg-green-50 p-2 text-sm text-green-800">
          Your password is changed and every session signed out. Sign in with the new password.
        </p>
      ) : null}
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
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
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={PASSWORD_MAX}
          errors={errors?.password}
        />
        <Button className="w-full" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </Button>
      </Form>
      <p className="mt-4 text-center text-sm">
        <Link to="/forgot-password" className="font-semibold text-brand-600 hover:underline">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-6 text-center text-sm text-slate-600">
        New to Offerlink?{' '}
        <Link to="/sign-up" className="font-semibold text-brand-600 hover:underline">
          Create a brand account
        </Link>
      </p>
      <p className="mt-3 text-center text-xs text-slate-500">
        Promoting a brand as a creator? Open your dashboard from the sign-in link in the brand’s
        email to you.
      </p>
    </>
  );
}

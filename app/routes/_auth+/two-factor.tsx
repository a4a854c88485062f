import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { openSession } from '~/auth/brand-auth.server';
import { clientAddress } from '~/auth/client-address.server';
import { safeRedirect } from '~/auth/schemas';
import {
  readCookie,
  sessionCookie,
  TWO_FACTOR_COOKIE,
  twoFactorCookie,
} from '~/auth/session.server';
import { answerTwoFactorChallenge, findTwoFactorChallenge } from '~/auth/two-factor.server';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';

export const meta: MetaFunction = () => [{ title: 'Two-factor sign-in · Offerlink' }];

/** The code step of sign-in: only after a correct password (its cookie), for ten minutes. */
export async function loader({ request }: LoaderFunctionArgs) {
  const challenge = await findTwoFactorChallenge(readCookie(request, TWO_FACTOR_COOKIE));
  if (!challenge) throw redirect('/sign-in');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const code = String(form.get('code') ?? '').slice(0, 64);
  if (!code.trim()) {
    return data({ errors: ['Enter the 6-digit code from your app, or a recovery code.'] }, 400);
  }
  const result = await answerTwoFactorChallenge(
    readCookie(request, TWO_FACTOR_COOKIE) ?? '',
    code,
    clientAddress(request),
  );
  if (!result.ok) {
    if (result.field === 'expired') {
      throw redirect('/sign-in', { headers: { 'Set-Cookie': twoFactorCookie(request, null) } });
    }
    const status = result.message.startsWith('Too many') ? 429 : 400;
    return data({ errors: [result.message] }, status);
  }
  const session = await openSession(result.userId, result.userAgent);
  const headers = new Headers();
  headers.append('Set-Cookie', twoFactorCookie(request, null));
  headers.append('Set-Cookie', sessionCookie(request, session.token, session.expiresAt));
  return redirect(safeRedirect(result.redirectTo), { headers });
}

export default function TwoFactor() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state !== 'idle';
  return (
    <>
      <h1 className="text-xl font-semibold">Two-factor sign-in</h1>
      <p className="mt-1 text-sm text-slate-600">
        Enter the 6-digit code your authenticator app shows for Offerlink. Lost your phone? Enter
        one of your recovery codes instead; each works once.
      </p>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <ErrorList errors={actionData?.errors} />
        <Field
          label="Code"
          name="code"
          autoComplete="one-time-code"
          inputMode="text"
          required
          maxLength={64}
          autoFocus
        />
        <Button className="w-full" disabled={submitting}>
          Sign in
        </Button>
      </Form>
      <p className="mt-6 text-center text-sm">
        <Link to="/sign-in" className="font-semibold text-brand-600 hover:underline">
          Start again
        </Link>
      </p>
    </>
  );
}

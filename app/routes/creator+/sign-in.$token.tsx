import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { createSession, sessionCookie } from '~/auth/session.server';
import { Button } from '~/components/ui/button';
import { CreatorCard } from '~/creators/creator-card';
import { SignInLinkForm } from '~/creators/sign-in-link-form';
import {
  checkCreatorSignInToken,
  consumeCreatorSignInToken,
} from '~/creators/sign-in-tokens.server';

/**
 * The address carries the sign-in token: `same-origin` sends it in no Referer to another site
 * (the page links nowhere else anyway), and keeps the Origin header on the page's own form post,
 * which the Origin check needs. `no-referrer` made browsers send `Origin: null` there, so "Open my
 * dashboard" was refused before the page's scripts had loaded (docs/decisions/035).
 */
export const meta: MetaFunction = () => [
  { title: 'Your dashboard · Offerlink' },
  { name: 'robots', content: 'noindex' },
  { name: 'referrer', content: 'same-origin' },
];

/**
 * The emailed sign-in link. Opening it only checks the token; the button uses it. Mail scanners
 * that open every link in an email therefore cannot burn the single-use token before the creator.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkCreatorSignInToken(params.token ?? '');
  return { valid: check.ok, reason: check.ok ? null : check.reason };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await consumeCreatorSignInToken(params.token ?? '');
  if (!result.ok) return data({ valid: false, reason: result.reason }, { status: 400 });
  const { token, session } = await createSession({
    memberId: result.memberId,
    email: result.email,
  });
  return redirect('/creator', {
    headers: { 'Set-Cookie': sessionCookie(request, token, session.expiresAt) },
  });
}

const reasons = {
  used: 'This sign-in link has already been used.',
  expired: 'This sign-in link has expired.',
  unknown: 'This sign-in link is not valid.',
};

export default function CreatorSignIn() {
  const loaderData = useLoaderData<typeof loader>();
  // A refused use of the link (400) says why, whatever the loader saw when the page opened.
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state !== 'idle';
  const { valid, reason } = actionData ?? loaderData;
  return (
    <CreatorCard>
      {valid ? (
        <>
          <h1 className="text-2xl font-bold">Your Affiliate Performance Dashboard</h1>
          <p className="mt-3 text-slate-600">
            See your tracking links, clicks, conversions and earnings.
          </p>
          <Form method="post" className="mt-6">
            <Button className="w-full" disabled={submitting}>
              {submitting ? 'Opening…' : 'Open my dashboard'}
            </Button>
          </Form>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-bold">{reasons[reason ?? 'unknown']}</h1>
          <p className="mt-3 text-slate-600">
            Sign-in links work once and expire after 7 days. Enter your email address and we will
            send you a new one.
          </p>
          <div className="mt-6">
            <SignInLinkForm />
          </div>
        </>
      )}
    </CreatorCard>
  );
}

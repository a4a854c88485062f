import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useSearchParams } from '@remix-run/react';
import { clientAddress } from '~/auth/client-address.server';
import { getCreator } from '~/creators/creator-auth.server';
import { CreatorCard } from '~/creators/creator-card';
import { signInLinkRequestSchema } from '~/creators/schemas';
import {
  requestCreatorSignInLink,
  signInLinkLimitMessage,
} from '~/creators/sign-in-request.server';
import { SignInLinkForm } from '~/creators/sign-in-link-form';
import { parseForm } from '~/forms/parse-form';
import { headersWithRetryAfter } from '~/http.server';

export const meta: MetaFunction = () => [
  { title: 'Creator sign-in · Offerlink' },
  { name: 'robots', content: 'noindex' },
];

export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCreator(request)) throw redirect('/creator');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(signInLinkRequestSchema, form);
  const typed = String(form.get('email') ?? '').slice(0, 254);
  if (!parsed.ok) {
    return data({ sent: false, email: typed, fieldErrors: parsed.fieldErrors }, { status: 400 });
  }
  const result = await requestCreatorSignInLink({
    email: parsed.data.email,
    clientAddress: clientAddress(request),
  });
  if (!result.ok) {
    return data(
      { sent: false, email: typed, fieldErrors: { form: [signInLinkLimitMessage(result)] } },
      { status: 429, headers: { 'Retry-After': String(result.retryAfter) } },
    );
  }
  return { sent: true, email: parsed.data.email, fieldErrors: {} };
}

export default function CreatorSignInRequest() {
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <CreatorCard>
      {searchParams.get('signed-out') && !result ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 p-2 text-sm text-emerald-800">
          You are signed out.
        </p>
      ) : null}
      {result?.sent ? (
        <div role="status">
          <h1 className="text-2xl font-bold">Check your email</h1>
          <p className="mt-3 text-slate-600">
            If a brand on Offerlink works with <strong className="break-all">{result.email}</strong>
            , a sign-in link is on its way there. It works once and expires in 7 days.
          </p>
          <p className="mt-3 text-sm text-slate-500">
            Nothing after a few minutes? Check your spam folder, or ask the brand which address they
            have for you.
          </p>
        </div>
      ) : (
        <>
          <h1 className="text-2xl font-bold">Sign in to your creator dashboard</h1>
          <p className="mt-3 text-slate-600">
            Creators sign in with a link by email, no password. Enter your address and we will send
            you a fresh link.
          </p>
          <div className="mt-6">
            <SignInLinkForm defaultEmail={result?.email} errors={result?.fieldErrors} />
          </div>
        </>
      )}
    </CreatorCard>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { checkEmailChangeToken, confirmEmailChange } from '~/auth/account.server';
import { EMAIL_CHANGE_HOURS } from '~/auth/schemas';
import { Button } from '~/components/ui/button';

export const meta: MetaFunction = () => [
  { title: 'Confirm your email address · Offerlink' },
  { name: 'robots', content: 'noindex' },
  { name: 'referrer', content: 'no-referrer' },
];

type Refusal = 'unknown' | 'used' | 'expired' | 'taken';

/** Opening the link only checks it (mail scanners open links); the button uses it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkEmailChangeToken(params.token ?? '');
  if (!check.ok) return data({ reason: check.reason as Refusal | null, newEmail: null }, 400);
  return { reason: null, newEmail: check.newEmail };
}

export async function action({ params }: ActionFunctionArgs) {
  const result = await confirmEmailChange(params.token ?? '');
  if (!result.ok) return data({ reason: result.reason as Refusal, confirmed: null }, 400);
  return { reason: null, confirmed: result.newEmail };
}

const reasons: Record<Refusal, string> = {
  unknown: 'This confirmation link is not valid.',
  used: 'This confirmation link has already been used.',
  expired: 'This confirmation link has expired.',
  taken: 'Another account signs in with this address now.',
};

export default function ConfirmEmail() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state !== 'idle';
  if (actionData?.confirmed) {
    return (
      <>
        <h1 className="text-xl font-semibold">Your email address is changed</h1>
        <p role="status" className="mt-2 text-sm text-slate-700">
          From now on you sign in with {actionData.confirmed}.
        </p>
        <p className="mt-6 text-center text-sm">
          <Link to="/sign-in" className="font-semibold text-brand-600 hover:underline">
            Go to sign-in
          </Link>
        </p>
      </>
    );
  }
  const reason = actionData?.reason ?? loaderData.reason;
  if (reason) {
    return (
      <>
        <h1 className="text-xl font-semibold">{reasons[reason]}</h1>
        <p className="mt-2 text-sm text-slate-600">
          Confirmation links work once and expire after {EMAIL_CHANGE_HOURS} hours. Ask for a new
          one on your Account page.
        </p>
        <p className="mt-6 text-center text-sm">
          <Link to="/sign-in" className="font-semibold text-brand-600 hover:underline">
            Go to sign-in
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Confirm your new email address</h1>
      <p className="mt-2 text-sm text-slate-600">
        You will sign in to Offerlink with {loaderData.newEmail} from now on.
      </p>
      <Form method="post" className="mt-6">
        <Button className="w-full" disabled={submitting}>
          Confirm {loaderData.newEmail}
        </Button>
      </Form>
    </>
  );
}

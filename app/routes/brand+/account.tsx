import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import {
  AccountError,
  changeName,
  changePassword,
  listSessions,
  requestEmailChange,
  signOutOtherSessions,
  signOutSession,
} from '~/auth/account.server';
import { requireBrandRole } from '~/auth/permissions.server';
import {
  confirmEnrolment,
  disableTwoFactor,
  startEnrolment,
  twoFactorStatus,
} from '~/auth/two-factor.server';
import { accountFormSchema, EMAIL_CHANGE_HOURS, PASSWORD_MAX } from '~/auth/schemas';
import { NewPasswordField } from '~/auth/new-password-field';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { Card, PageHeader } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Your account · Offerlink' }];

/** The signed-in person's own account: whatever their role, they manage only themselves. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireBrandRole(request, 'read');
  const url = new URL(request.url);
  return {
    user,
    sessions: await listSessions(user.id, sessionId),
    twoFactor: await twoFactorStatus(user.id),
    twoFactorRequired: url.searchParams.get('twoFactor') === 'required',
  };
}

type ActionData = {
  intent: string;
  done?: string;
  fieldErrors?: Record<string, string[]>;
  /** Shown once, right after enrolment. */
  recoveryCodes?: string[];
};

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireBrandRole(request, 'read');
  const parsed = parseForm(accountFormSchema, await request.formData());
  if (!parsed.ok) {
    return badRequest<ActionData>({ intent: 'form', fieldErrors: parsed.fieldErrors });
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case 'name':
        await changeName(user.id, input.name);
        return { intent: input.intent, done: 'Your name is saved.' } satisfies ActionData;
      case 'password':
        await changePassword(user.id, sessionId, input);
        return {
          intent: input.intent,
          done: 'Your password is changed; every other session is signed out.',
        };
      case 'email': {
        const { newEmail } = await requestEmailChange(user.id, input);
        return {
          intent: input.intent,
          done: `We sent a link to ${newEmail}: open it within ${EMAIL_CHANGE_HOURS} hours to sign in with that address from then on. Until then, keep using ${user.email}.`,
        };
      }
      case 'sign-out-session': {
        const n = await signOutSession(user.id, sessionId, input.handle);
        return {
          intent: input.intent,
          done: n ? 'That session is signed out.' : 'That session had already ended.',
        };
      }
      case 'totp-start':
        await startEnrolment(user.id);
        return { intent: input.intent };
      case 'totp-confirm': {
        const result = await confirmEnrolment(user.id, input.code);
        if (!result.ok) {
          return badRequest<ActionData>({
            intent: input.intent,
            fieldErrors: { [result.field]: [result.message] },
          });
        }
        return {
          intent: input.intent,
          done: 'Two-factor sign-in is on.',
          recoveryCodes: result.recoveryCodes,
        };
      }
      case 'totp-disable': {
        const result = await disableTwoFactor(user.id, input);
        if (!result.ok) {
          return badRequest<ActionData>({
            intent: input.intent,
            fieldErrors: { [result.field]: [result.message] },
          });
        }
        return { intent: input.intent, done: 'Two-factor sign-in is off.' };
      }
      case 'sign-out-others': {
        const n = await signOutOtherSessions(user.id, sessionId);
        return {
          intent: input.intent,
          done: `Signed out ${n} other session${n === 1 ? '' : 's'}.`,
        };
      }
    }
  } catch (error) {
    if (error instanceof AccountError) {
      return badRequest<ActionData>({
        intent: input.intent,
        fieldErrors: { [error.field]: [error.message] },
      });
    }
    throw error;
  }
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default function AccountPage() {
  const { user, sessions, twoFactor, twoFactorRequired } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const errorsFor = (intent: string) =>
    result?.intent === intent ? (result.fieldErrors ?? {}) : {};
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <PageHeader title="Your account" description={`You sign in as ${user.email}.`} />
      {result?.done ? (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">
          {result.done}
        </p>
      ) : null}
      {twoFactorRequired && !twoFactor.enabled ? (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Your brand requires two-factor sign-in: set it up below to open the brand&apos;s pages.
        </p>
      ) : null}
      {result?.intent === 'form' ? (
        <ErrorList errors={Object.values(result.fieldErrors ?? {}).flat()} />
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">Name</h2>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <input type="hidden" name="intent" value="name" />
            <Field
              label="Your name"
              name="name"
              defaultValue={user.name}
              required
              maxLength={120}
              errors={errorsFor('name').name}
            />
            <Button>Save name</Button>
          </Form>
        </Card>

        <Card>
          <h2 className="text-lg font-semibold">Email address</h2>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <input type="hidden" name="intent" value="email" />
            <Field
              label="New email address"
              name="newEmail"
              type="email"
              required
              maxLength={254}
              errors={errorsFor('email').newEmail}
            />
            <Field
              label="Current password (to change your email)"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              maxLength={PASSWORD_MAX}
              errors={errorsFor('email').currentPassword}
            />
            <Button>Send a confirmation link</Button>
          </Form>
        </Card>

        <Card>
          <h2 className="text-lg font-semibold">Password</h2>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <input type="hidden" name="intent" value="password" />
            <Field
              label="Current password"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              maxLength={PASSWORD_MAX}
              errors={errorsFor('password').currentPassword}
            />
            <NewPasswordField
              label="New password"
              errors={errorsFor('password').password}
              note="Every other session is signed out."
            />
            <Field
              label="New password again"
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              required
              maxLength={PASSWORD_MAX}
              errors={errorsFor('password').confirmPassword}
            />
            <Button>Change password</Button>
          </Form>
        </Card>
      </div>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Two-factor sign-in</h2>
        {result?.recoveryCodes ? (
          <div className="mt-3 rounded-md bg-slate-50 p-3">
            <p className="text-sm font-medium text-slate-900">
              Your recovery codes. Keep them somewhere safe: each signs you in once without your
              phone, and they are shown only now.
            </p>
            <ul
              aria-label="Recovery codes"
              className="mt-2 grid grid-cols-2 gap-1 font-mono text-sm"
            >
              {result.recoveryCodes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {twoFactor.enabled ? (
          <>
            <p className="mt-2 text-sm text-slate-600">
              On. Signing in asks for a code from your authenticator app.{' '}
              {twoFactor.recoveryCodesLeft} recovery code
              {twoFactor.recoveryCodesLeft === 1 ? '' : 's'} left.
            </p>
            <Form method="post" className="mt-4 grid gap-4 sm:grid-cols-2" noValidate>
              <input type="hidden" name="intent" value="totp-disable" />
              <Field
                label="Password (to turn it off)"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                errors={errorsFor('totp-disable').password}
              />
              <Field
                label="Code from your app, or a recovery code"
                name="code"
                autoComplete="one-time-code"
                required
                maxLength={64}
                errors={errorsFor('totp-disable').code}
              />
              <div>
                <Button variant="danger">Turn off two-factor sign-in</Button>
              </div>
            </Form>
          </>
        ) : twoFactor.enrolment ? (
          <div className="mt-3 grid gap-4 sm:grid-cols-[auto_1fr]">
            <img
              src={twoFactor.enrolment.qrDataUrl}
              alt="QR code to scan with your authenticator app"
              width={200}
              height={200}
            />
            <div>
              <p className="text-sm text-slate-700">
                Scan the QR code with your authenticator app (Google Authenticator, 1Password,
                Authy…), or type this key into it:
              </p>
              <p className="mt-1 break-all font-mono text-sm" data-testid="totp-secret">
                {twoFactor.enrolment.secret}
              </p>
              <Form method="post" className="mt-4 space-y-4" noValidate>
                <input type="hidden" name="intent" value="totp-confirm" />
                <Field
                  label="6-digit code from your app"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  required
                  maxLength={6}
                  errors={errorsFor('totp-confirm').code}
                />
                <Button>Turn on two-factor sign-in</Button>
              </Form>
            </div>
          </div>
        ) : (
          <>
            <p className="mt-2 text-sm text-slate-600">
              Off. With it on, signing in also asks for a code from an authenticator app on your
              phone.
            </p>
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="totp-start" />
              <Button>Set up two-factor sign-in</Button>
            </Form>
          </>
        )}
      </Card>

      <h2 className="mt-8 text-lg font-semibold">Where you are signed in</h2>
      <div className="mt-2">
        <Table caption="Active sessions">
          <thead>
            <tr>
              <Th>Device</Th>
              <Th>Signed in (UTC)</Th>
              <Th>Last seen (UTC)</Th>
              <Th>Sign out</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sessions.map((s) => (
              <tr key={s.handle}>
                <Td className="font-medium text-slate-900">
                  {s.device}
                  {s.current ? ' (this device)' : ''}
                </Td>
                <Td>{dateTime.format(new Date(s.signedInAt))}</Td>
                <Td>{dateTime.format(new Date(s.lastSeenAt))}</Td>
                <Td>
                  {s.current ? (
                    <span className="text-slate-500">Use “Sign out” in the header</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="sign-out-session" />
                      <input type="hidden" name="handle" value={s.handle} />
                      <Button variant="secondary">
                        Sign out {s.device}, last seen {dateTime.format(new Date(s.lastSeenAt))}
                      </Button>
                    </Form>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {others > 0 ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="sign-out-others" />
          <Button variant="danger">Sign out everywhere else</Button>
        </Form>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { clearSessionCookie, getRequestSession, invalidateSession } from '~/auth/session.server';

export async function loader() {
  return redirect('/creator');
}

/** Ends a creator session (only a creator's: a brand user signs out at /sign-out). */
export async function action({ request }: ActionFunctionArgs) {
  const session = await getRequestSession(request);
  if (!session?.memberId) return redirect('/creator/sign-in');
  await invalidateSession(session.id);
  return redirect('/creator/sign-in?signed-out=1', {
    headers: { 'Set-Cookie': clearSessionCookie(request) },
  });
}

import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { clearSessionCookie, getRequestSession, invalidateSession } from '~/auth/session.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getRequestSession(request);
  if (session) await invalidateSession(session.id);
  return redirect('/sign-in', { headers: { 'Set-Cookie': clearSessionCookie(request) } });
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { isSignedInBrandUser } from '~/auth/brand-auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  throw redirect((await isSignedInBrandUser(request)) ? '/brand' : '/sign-in');
}

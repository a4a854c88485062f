import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { getBrandUser } from '~/auth/brand-auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  throw redirect((await getBrandUser(request)) ? '/brand' : '/sign-in');
}

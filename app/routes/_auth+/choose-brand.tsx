import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useLoaderData, useSearchParams } from '@remix-run/react';
import { brandsOfUser, resolveBrandUser } from '~/auth/brand-auth.server';
import { ROLE_LABELS } from '~/auth/permissions.server';
import { safeRedirect } from '~/auth/schemas';
import { setSessionBrand } from '~/auth/session.server';
import { Button } from '~/components/ui/button';

export const meta: MetaFunction = () => [{ title: 'Choose a brand · Offerlink' }];

/** The signed-in person (whatever their current brand), or a redirect to sign-in. */
async function requirePerson(request: Request) {
  const resolved = await resolveBrandUser(request);
  if (resolved.kind === 'anonymous') throw redirect('/sign-in');
  return resolved.kind === 'ok'
    ? {
        userId: resolved.brandUser.user.id,
        sessionId: resolved.brandUser.sessionId,
        current: resolved.brandUser.brand.id,
      }
    : { userId: resolved.userId, sessionId: resolved.sessionId, current: null };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const person = await requirePerson(request);
  const brands = await brandsOfUser(person.userId);
  return {
    current: person.current,
    brands: brands.map((b) => ({ id: b.id, name: b.name, role: ROLE_LABELS[b.role] })),
  };
}

/** Makes the chosen brand the session's brand: only a brand the person is in. */
export async function action({ request }: ActionFunctionArgs) {
  const person = await requirePerson(request);
  const form = await request.formData();
  const brandId = String(form.get('brandId') ?? '');
  const brands = await brandsOfUser(person.userId);
  if (!brands.some((b) => b.id === brandId)) {
    return data({ error: 'Choose one of your brands.' }, { status: 400 });
  }
  await setSessionBrand(person.sessionId, brandId);
  return redirect(safeRedirect(String(form.get('redirectTo') ?? '')));
}

export default function ChooseBrand() {
  const { brands, current } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get('redirectTo') ?? '';
  if (brands.length === 0) {
    return (
      <>
        <h1 className="text-xl font-semibold">You are not in any brand</h1>
        <p className="mt-2 text-sm text-slate-600">
          Your account is not a member of any brand any more. Ask a brand&apos;s admin to invite you
          again.
        </p>
        <Form method="post" action="/sign-out" className="mt-6">
          <Button className="w-full">Sign out</Button>
        </Form>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a brand</h1>
      <p className="mt-1 text-sm text-slate-600">
        You are a member of several brands. You can switch later from the header.
      </p>
      <ul className="mt-6 space-y-2">
        {brands.map((brand) => (
          <li key={brand.id}>
            <Form method="post">
              <input type="hidden" name="brandId" value={brand.id} />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <button
                type="submit"
                className="flex w-full items-center justify-between rounded-md px-3 py-2 text-left ring-1 ring-slate-200 hover:bg-slate-50"
              >
                <span className="font-medium text-slate-900">
                  {brand.name}
                  {brand.id === current ? ' (current)' : ''}
                </span>
                <span className="text-sm text-slate-500">{brand.role}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </>
  );
}

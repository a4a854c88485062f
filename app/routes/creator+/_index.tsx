import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireCreator } from '~/creators/creator-auth.server';

export const meta: MetaFunction = () => [{ title: 'Your brands · Offerlink' }];

/** After sign-in: the brands that have this person as a member; one brand opens directly. */
export async function loader({ request }: LoaderFunctionArgs) {
  const creator = await requireCreator(request);
  if (creator.memberships.length === 1) {
    throw redirect(`/creator/${creator.memberships[0].brandId}`);
  }
  return {
    name: creator.name,
    brands: creator.memberships.map((m) => ({ id: m.brandId, name: m.brandName })),
  };
}

export default function CreatorBrands() {
  const { name, brands } = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-xl px-4 py-8">
      <p className="text-sm font-semibold text-brand-600">Offerlink for creators</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">Hi {name}</h1>
      <p className="mt-1 text-sm text-slate-600">
        You work with {brands.length} brands. Each shows its own links, figures and payments.
      </p>
      <ul className="mt-6 space-y-3">
        {brands.map((brand) => (
          <li key={brand.id}>
            <Link
              to={`/creator/${brand.id}`}
              className="block rounded-lg bg-white p-4 font-semibold shadow-sm ring-1 ring-slate-200 hover:ring-brand-500"
            >
              {brand.name}
            </Link>
          </li>
        ))}
      </ul>
      <Form method="post" action="/creator/sign-out" className="mt-8">
        <button type="submit" className="text-sm font-medium text-slate-600 underline">
          Sign out
        </button>
      </Form>
    </main>
  );
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, Outlet, useLoaderData } from '@remix-run/react';
import { Tabs } from '~/components/ui/tabs';
import { requireCreatorBrand } from '~/creators/creator-auth.server';

/** The creator portal inside one brand: brand switcher, sections, sign out. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const creator = await requireCreatorBrand(request, params.brandId);
  return {
    name: creator.member.name,
    brand: creator.brand,
    brands: creator.memberships.map((m) => ({ id: m.brandId, name: m.brandName })),
  };
}

export default function CreatorBrandLayout() {
  const { name, brand, brands } = useLoaderData<typeof loader>();
  const base = `/creator/${brand.id}`;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3">
          <span aria-hidden className="inline-block h-6 w-6 shrink-0 rounded bg-brand-600" />
          <div className="min-w-0">
            <p className="truncate font-bold text-slate-900">{brand.name}</p>
            <p className="truncate text-xs text-slate-500">{name} · creator dashboard</p>
          </div>
          <Form method="post" action="/creator/sign-out" className="ml-auto">
            <button
              type="submit"
              className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100"
            >
              Sign out
            </button>
          </Form>
        </div>
        {brands.length > 1 ? (
          <nav aria-label="Your brands" className="mx-auto max-w-5xl overflow-x-auto px-4 pb-3">
            <ul className="flex gap-2 whitespace-nowrap text-sm">
              {brands.map((b) => (
                <li key={b.id}>
                  <Link
                    to={`/creator/${b.id}`}
                    aria-current={b.id === brand.id ? 'page' : undefined}
                    className={`inline-block rounded-full px-3 py-1 font-medium ring-1 ${
                      b.id === brand.id
                        ? 'bg-brand-600 text-white ring-brand-600'
                        : 'text-slate-700 ring-slate-300 hover:bg-slate-50'
                    }`}
                  >
                    {b.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <div className="mx-auto max-w-5xl px-4 pt-4">
        <Tabs
          label="Creator dashboard"
          tabs={[
            { to: base, label: 'Dashboard', end: true },
            { to: `${base}/conversions`, label: 'Conversions' },
            { to: `${base}/payments`, label: 'Payments' },
            { to: `${base}/settings`, label: 'Settings' },
          ]}
        />
      </div>
      <main className="mx-auto max-w-5xl px-4 pb-12">
        <Outlet />
      </main>
    </div>
  );
}

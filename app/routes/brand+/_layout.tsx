import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { isLocalUrl, publicUrl } from '~/config.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, brand } = await requireBrandUser(request);
  const linkBase = publicUrl();
  return {
    user: { name: user.name, email: user.email },
    brand: { name: brand.name },
    // Tracking links, the tracking setup and emails are built from PUBLIC_URL: say so while it
    // names this computer, before links go out that nobody else can open.
    localLinkBase: isLocalUrl(linkBase) ? linkBase : null,
  };
}

/** Portal navigation; each issue's pages add their entry here. */
export const brandNav = [
  { to: '/brand', label: 'Home', end: true },
  { to: '/brand/reports', label: 'Reports' },
  { to: '/brand/offers', label: 'Offers' },
  { to: '/brand/members', label: 'Members' },
  { to: '/brand/projects', label: 'Projects' },
  { to: '/brand/conversions', label: 'Conversions' },
  { to: '/brand/payouts', label: 'Payouts' },
  { to: '/brand/outbox', label: 'Outbox' },
  { to: '/brand/settings', label: 'Settings' },
];

export default function BrandLayout() {
  const { user, brand, localLinkBase } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <a href="/brand" className="flex items-center gap-2 font-bold text-slate-900">
            <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand-600" />
            Offerlink
          </a>
          <nav aria-label="Brand portal" className="order-3 w-full sm:order-none sm:w-auto">
            <ul className="flex flex-wrap gap-1 text-sm">
              {brandNav.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.end}
                    className={({ isActive }) =>
                      `rounded-md px-2.5 py-1.5 font-medium ${isActive ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 md:inline" title={user.email}>
              {brand.name} · {user.name}
            </span>
            <Form method="post" action="/sign-out">
              <button
                type="submit"
                className="rounded-md px-2.5 py-1.5 font-medium text-slate-600 hover:bg-slate-100"
              >
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </header>
      {localLinkBase ? (
        <aside aria-label="Setup warning" className="border-b border-amber-200 bg-amber-50">
          <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-900">
            <strong className="font-semibold">
              Tracking links point to {localLinkBase}: set PUBLIC_URL
            </strong>{' '}
            to the address shoppers and members can reach (for example https://track.example.com)
            and restart Offerlink, before you send links or emails. Links and emails made now open
            only on this computer.
          </p>
        </aside>
      ) : null}
      <main className="mx-auto max-w-6xl px-4 py-8">
        <Outlet />
      </main>
    </div>
  );
}

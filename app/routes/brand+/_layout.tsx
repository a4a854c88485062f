import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { brandsOfUser } from '~/auth/brand-auth.server';
import { can, requireBrandRole, ROLE_LABELS } from '~/auth/permissions.server';
import { isLocalUrl, publicUrl } from '~/config.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, brand, role } = await requireBrandRole(request, 'read');
  const linkBase = publicUrl();
  const brands = await brandsOfUser(user.id);
  return {
    user: { name: user.name, email: user.email },
    brand: { id: brand.id, name: brand.name },
    role: ROLE_LABELS[role],
    // The nav shows what the role may open; the routes check it again.
    canSettings: can(role, 'settings'),
    canDevelopers: can(role, 'developers'),
    otherBrands: brands.filter((b) => b.id !== brand.id).map((b) => ({ id: b.id, name: b.name })),
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
  { to: '/brand/team', label: 'Team' },
  { to: '/brand/settings', label: 'Settings' },
  { to: '/brand/developers', label: 'Developers' },
];

export default function BrandLayout() {
  const { user, brand, role, canSettings, canDevelopers, otherBrands, localLinkBase } =
    useLoaderData<typeof loader>();
  const nav = brandNav.filter(
    (item) =>
      (canSettings || item.to !== '/brand/settings') &&
      (canDevelopers || item.to !== '/brand/developers'),
  );
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
              {nav.map((item) => (
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
            {otherBrands.length > 0 ? (
              <Form method="post" action="/choose-brand" className="flex items-center gap-1">
                <input type="hidden" name="redirectTo" value="/brand" />
                <label htmlFor="brand-switcher" className="text-slate-600">
                  Brand
                </label>
                <select
                  id="brand-switcher"
                  name="brandId"
                  defaultValue={brand.id}
                  className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
                >
                  <option value={brand.id}>{brand.name}</option>
                  {otherBrands.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </select>
                <button
                  type="submit"
                  className="rounded-md px-2 py-1 font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100"
                >
                  Switch
                </button>
              </Form>
            ) : null}
            <span className="hidden text-slate-600 md:inline">
              {otherBrands.length > 0 ? '' : `${brand.name} · `}
              {user.name} ({role})
            </span>
            <NavLink
              to="/brand/account"
              className="rounded-md px-2.5 py-1.5 font-medium text-slate-600 hover:bg-slate-100"
            >
              Account
            </NavLink>
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

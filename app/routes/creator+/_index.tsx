import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EmptyState } from '~/components/ui/layout';
import { requireCreator } from '~/creators/creator-auth.server';
import { listCreatorLinks } from '~/creators/creator-links.server';
import { CopyLinkButton } from '~/links/copy-link-button';

export const meta: MetaFunction = () => [{ title: 'My links · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { member, brand } = await requireCreator(request);
  return {
    member: { name: member.name },
    brand: { name: brand.name },
    links: await listCreatorLinks(member.id),
  };
}

const number = new Intl.NumberFormat('en-US');

export default function CreatorHome() {
  const { member, brand, links } = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <div className="flex items-center justify-between gap-4">
        <p className="text-sm font-semibold text-brand-600">{brand.name} · Offerlink</p>
        <Link to="/creator/settings" className="text-sm font-medium text-brand-700 hover:underline">
          Settings
        </Link>
      </div>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">Hi {member.name}</h1>
      <p className="mt-1 text-sm text-slate-600">
        Your tracking links. Share them: every visit and purchase through them is credited to you.
      </p>
      <div className="mt-6">
        {links.length === 0 ? (
          <EmptyState title="No links yet">
            {brand.name} has not given you a tracking link yet. You will get an email when they do.
          </EmptyState>
        ) : (
          <ul className="space-y-3">
            {links.map((link) => (
              <li
                key={link.id}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex sm:items-center sm:justify-between sm:gap-4"
              >
                <div className="min-w-0">
                  <h2 className="font-semibold">{link.offerName}</h2>
                  <code className="block break-all text-sm text-slate-800">{link.url}</code>
                  {link.deepLink ? (
                    <p className="text-xs break-all text-slate-500">Opens {link.deepLink}</p>
                  ) : null}
                </div>
                <div className="mt-3 flex items-center gap-4 sm:mt-0">
                  <p className="text-sm whitespace-nowrap text-slate-700">
                    <span className="font-semibold tabular-nums">{number.format(link.clicks)}</span>{' '}
                    click{link.clicks === 1 ? '' : 's'}
                  </p>
                  <CopyLinkButton value={link.url} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}

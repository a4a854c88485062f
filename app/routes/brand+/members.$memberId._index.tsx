import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm';
import { Card, PageHeader, BackLink } from '~/components/ui/layout';
import { invariantResponse } from '~/http.server';
import { CONVERSION_COUNT_CAP } from '~/members/member-history';
import { removeMember, requireMember, restoreMember } from '~/members/members.server';
import { recentFigures } from '~/reporting/dashboard.server';
import { FigureCards } from '~/reporting/figure-cards';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.name ?? 'Member'} · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const member = await requireMember(brand.id, params.memberId ?? '');
  return { member, figures: await recentFigures(brand.id, { member: member.id }) };
}

/**
 * Removing the member (after the confirmation dialog): archived when they have links,
 * conversions or statements (their page stays, with Restore), deleted otherwise.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'members');
  const formData = await request.formData();
  const intent = formData.get('intent');
  invariantResponse(intent === 'delete' || intent === 'restore', 'Unknown action', 400);
  if (intent === 'restore') {
    await restoreMember(brand.id, params.memberId ?? '');
    return redirect(`/brand/members/${params.memberId}`);
  }
  const removed = await removeMember(brand.id, params.memberId ?? '');
  return redirect(removed.archived ? `/brand/members/${removed.id}` : '/brand/members');
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

function plural(count: number, one: string, many: string) {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

export default function MemberPage() {
  const { member, figures } = useLoaderData<typeof loader>();
  const hasHistory = member.linkCount + member.conversionCount + member.statementCount > 0;
  const history = [
    member.linkCount ? plural(member.linkCount, 'tracking link', 'tracking links') : null,
    member.conversionCount > CONVERSION_COUNT_CAP
      ? `${CONVERSION_COUNT_CAP.toLocaleString('en-US')}+ conversions`
      : member.conversionCount
        ? plural(member.conversionCount, 'conversion', 'conversions')
        : null,
    member.statementCount ? plural(member.statementCount, 'statement', 'statements') : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      <BackLink to="/brand/members">Members</BackLink>
      <PageHeader
        title={member.name}
        description={member.email}
        actions={
          <>
            <Link to={`/brand/members/${member.id}/edit`} className={buttonClass('primary')}>
              Edit
            </Link>
            {member.archivedAt ? (
              <Form method="post">
                <input type="hidden" name="intent" value="restore" />
                <button type="submit" className={buttonClass('secondary')}>
                  Restore member
                </button>
              </Form>
            ) : hasHistory ? (
              <ConfirmDialog
                trigger="Archive member"
                title={`Archive ${member.name}?`}
                confirmLabel="Archive member"
                form={(button) => (
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    {button}
                  </Form>
                )}
              >
                {`They have ${history}, so they are archived, not deleted: they leave your members list and Add Members, their tracking links keep redirecting and tracking, and their conversions and statements are kept. You can restore them later.`}
              </ConfirmDialog>
            ) : (
              <ConfirmDialog
                trigger="Delete member"
                title={`Delete ${member.name}?`}
                confirmLabel="Delete member"
                form={(button) => (
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    {button}
                  </Form>
                )}
              >
                They have no links, conversions or statements, so they are deleted and removed from
                all projects. This cannot be undone.
              </ConfirmDialog>
            )}
          </>
        }
      />
      {member.archivedAt ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Archived on {dateFormat.format(new Date(member.archivedAt))}: hidden from your members
          list and Add Members. Their tracking links keep redirecting and tracking; their
          conversions and statements are kept.
        </p>
      ) : null}
      <section aria-labelledby="member-figures-title" className="mb-6">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="member-figures-title" className="text-lg font-semibold">
            Last 30 days
          </h2>
          <Link
            to={`/brand/reports?period=30d&member=${member.id}&by=link`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            Open this member in Reports
          </Link>
        </div>
        <FigureCards
          totals={figures.totals}
          previous={figures.previousTotals}
          previousLabel="the 30 days before"
        />
      </section>
      <Card>
        <h2 className="text-base font-semibold">Details</h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">Email</dt>
            <dd className="break-all font-medium">{member.email}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Instagram</dt>
            <dd className="font-medium">
              {member.instagram ? (
                <a
                  href={`https://www.instagram.com/${encodeURIComponent(member.instagram)}/`}
                  className="text-brand-700 hover:underline"
                  rel="noreferrer noopener"
                  target="_blank"
                >
                  @{member.instagram}
                </a>
              ) : (
                'Not given'
              )}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">TikTok</dt>
            <dd className="font-medium">
              {member.tiktok ? (
                <a
                  href={`https://www.tiktok.com/@${encodeURIComponent(member.tiktok)}`}
                  className="text-brand-700 hover:underline"
                  rel="noreferrer noopener"
                  target="_blank"
                >
                  @{member.tiktok}
                </a>
              ) : (
                'Not given'
              )}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Added</dt>
            <dd className="font-medium">{dateFormat.format(new Date(member.createdAt))}</dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="text-slate-600">Projects</dt>
            <dd className="mt-1">
              {member.projects.length ? (
                <ul className="flex flex-wrap gap-1.5">
                  {member.projects.map((p) => (
                    <li key={p.id}>
                      <Link
                        to={`/brand/projects/${p.id}`}
                        className="inline-flex rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-200"
                      >
                        {p.name}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-slate-600">
                  In no project.{' '}
                  <Link
                    to={`/brand/members/${member.id}/edit`}
                    className="text-brand-700 underline"
                  >
                    Add them to one
                  </Link>
                </span>
              )}
            </dd>
          </div>
        </dl>
      </Card>
    </>
  );
}

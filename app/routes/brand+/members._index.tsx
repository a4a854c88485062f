import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { inputClass } from '~/components/ui/field';
import { EmptyState, PageHeader } from '~/components/ui/layout';
import { Pagination } from '~/components/ui/pagination';
import { Table, Td, Th } from '~/components/ui/table';
import { invariantResponse } from '~/http.server';
import { listMembers } from '~/members/members.server';
import { memberListQuery } from '~/members/schemas';
import { listProjectOptions } from '~/projects/projects.server';
import { MemberNameCell } from '~/members/member-name-cell';

export const meta: MetaFunction = () => [{ title: 'Members · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const url = new URL(request.url);
  const query = memberListQuery.safeParse(Object.fromEntries(url.searchParams));
  // The only way to fail is a `project` that is not an id: the same answer as another brand's id.
  invariantResponse(query.success, 'Project not found');
  const [list, projects] = await Promise.all([
    listMembers(brand.id, query.data),
    listProjectOptions(brand.id),
  ]);
  const imported = Number(url.searchParams.get('imported'));
  const skipped = Number(url.searchParams.get('skipped'));
  return {
    ...list,
    q: query.data.q,
    projectFilter: query.data.project,
    projects,
    imported: Number.isSafeInteger(imported) && imported > 0 ? imported : null,
    skipped: Number.isSafeInteger(skipped) && skipped > 0 ? skipped : 0,
  };
}

const number = new Intl.NumberFormat('en-US');

export default function MembersIndex() {
  const data = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const filtered = Boolean(data.q || data.projectFilter);
  return (
    <>
      <PageHeader
        title="Members"
        description="The creators who promote your offers. Group them in projects to find them fast."
        actions={
          <>
            <Link to="/brand/members/import" className={buttonClass('secondary')}>
              Import CSV
            </Link>
            <Link to="/brand/members/new" className={buttonClass('primary')}>
              Add member
            </Link>
          </>
        }
      />
      {data.imported ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800 ring-1 ring-green-600/20"
        >
          Imported {number.format(data.imported)} {data.imported === 1 ? 'member' : 'members'}.
          {data.skipped
            ? ` ${number.format(data.skipped)} ${data.skipped === 1 ? 'row was' : 'rows were'} skipped.`
            : null}
        </p>
      ) : null}
      <Form
        method="get"
        role="search"
        aria-label="Find members"
        className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end"
      >
        <div className="flex-1">
          <label htmlFor="member-search" className="block text-sm font-medium text-slate-800">
            Search
          </label>
          <input
            id="member-search"
            type="search"
            name="q"
            defaultValue={data.q}
            maxLength={200}
            placeholder="Name, email, Instagram or TikTok"
            className={`mt-1 ${inputClass}`}
          />
        </div>
        <div className="sm:w-56">
          <label htmlFor="member-project" className="block text-sm font-medium text-slate-800">
            Project
          </label>
          <select
            id="member-project"
            name="project"
            defaultValue={data.projectFilter}
            className={`mt-1 ${inputClass}`}
          >
            <option value="">All projects</option>
            <option value="none">In no project</option>
            {data.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass('secondary')}>
            Search
          </button>
          {filtered ? (
            <Link to="/brand/members" className={buttonClass('ghost')}>
              Clear
            </Link>
          ) : null}
        </div>
      </Form>

      {data.total === 0 && !filtered ? (
        <EmptyState
          title="No members yet"
          action={
            <div className="flex flex-wrap justify-center gap-2">
              <Link to="/brand/members/new" className={buttonClass('primary')}>
                Add your first member
              </Link>
              <Link to="/brand/members/import" className={buttonClass('secondary')}>
                Import from a CSV file
              </Link>
            </div>
          }
        >
          Members are the creators who promote your offers. Add them one by one, or import a
          spreadsheet of names and emails.
        </EmptyState>
      ) : data.total === 0 ? (
        <EmptyState
          title="No members match"
          action={
            <Link to="/brand/members" className={buttonClass('secondary')}>
              Show all members
            </Link>
          }
        >
          {data.project
            ? `No member of “${data.project.name}” matches this search.`
            : 'Try another name, email or username, or another project.'}
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600" aria-live="polite">
            {number.format(data.total)} {data.total === 1 ? 'member' : 'members'}
            {data.project ? ` in ${data.project.name}` : ''}
          </p>
          <Table caption="Members">
            <thead>
              <tr>
                <Th>Member</Th>
                <Th className="hidden md:table-cell">Instagram</Th>
                <Th className="hidden md:table-cell">TikTok</Th>
                <Th className="hidden sm:table-cell">Projects</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.members.map((m) => (
                <tr key={m.id}>
                  <MemberNameCell member={m} />
                  <Td className="hidden md:table-cell">
                    {m.instagram ? `@${m.instagram}` : <span className="text-slate-400">—</span>}
                  </Td>
                  <Td className="hidden md:table-cell">
                    {m.tiktok ? `@${m.tiktok}` : <span className="text-slate-400">—</span>}
                  </Td>
                  <Td className="hidden sm:table-cell">
                    {m.projects.length ? (
                      <ul className="flex flex-wrap gap-1">
                        {m.projects.map((p) => (
                          <li key={p.id}>
                            <Link
                              to={`/brand/members?project=${p.id}`}
                              className="inline-flex rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-200"
                            >
                              {p.name}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination
            page={data.page}
            pageCount={data.pageCount}
            search={withoutBanner(search)}
            label="Member pages"
          />
        </>
      )}
    </>
  );
}

/** The query string for page links, without the one-time import banner's parameters. */
function withoutBanner(search: string) {
  const params = new URLSearchParams(search);
  params.delete('imported');
  params.delete('skipped');
  return params.toString();
}

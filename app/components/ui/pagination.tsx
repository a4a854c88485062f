import { Link } from '@remix-run/react';

/** Previous / next links that keep the rest of the query string; `label` names the navigation. */
export function Pagination({
  page,
  pageCount,
  search,
  label = 'Pages',
}: {
  page: number;
  pageCount: number;
  /** The current query string (without `?`). */
  search: string;
  label?: string;
}) {
  if (pageCount <= 1) return null;
  const to = (p: number) => {
    const params = new URLSearchParams(search);
    if (p === 1) params.delete('page');
    else params.set('page', String(p));
    const qs = params.toString();
    return qs ? `?${qs}` : '?';
  };
  const linkClass =
    'rounded-md px-3 py-1.5 font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50';
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-2 text-sm">
      {page > 1 ? (
        <Link to={to(page - 1)} className={linkClass} rel="prev">
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={to(page + 1)} className={linkClass} rel="next">
          Next
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

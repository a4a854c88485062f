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

/**
 * Keyset paging (a cursor, no page count): back to the first page once paged, and on to the next
 * page while there is one. `first` and `next` are the links' targets; none, nothing is shown.
 */
export function KeysetPagination({
  label,
  first,
  firstLabel,
  next,
  nextLabel,
  className = '',
}: {
  /** Names the navigation ("More conversions"). */
  label: string;
  /** The first page's URL, when this is not the first page. */
  first?: string;
  firstLabel: string;
  /** The next page's URL, when there is one. */
  next?: string;
  nextLabel: string;
  className?: string;
}) {
  if (!first && !next) return null;
  const linkClass = 'rounded-md px-3 py-1.5 font-medium text-brand-700 ring-1 ring-slate-300';
  return (
    <nav aria-label={label} className={`flex items-center justify-between text-sm ${className}`}>
      {first ? (
        <Link to={first} className={linkClass}>
          {firstLabel}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link to={next} rel="next" className={linkClass}>
          {nextLabel}
        </Link>
      ) : null}
    </nav>
  );
}

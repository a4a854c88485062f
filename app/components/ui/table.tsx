import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/** A scrollable data table in a card; `caption` names it for screen readers. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** How a column lines up: `align="right"` for figures, `dense` for tables with many columns. */
interface CellLayout {
  align?: 'left' | 'right';
  dense?: boolean;
}

/** Padding, and right alignment for figures: the same for a column's header and its cells. */
function cellLayout({ align = 'left', dense = false }: CellLayout): string {
  return `${dense ? 'px-3' : 'px-4'} py-2.5${align === 'right' ? ' text-right' : ''}`;
}

/** A column header. */
export function Th({
  className = '',
  align,
  dense,
  ...props
}: ThHTMLAttributes<HTMLTableCellElement> & CellLayout) {
  // A header cell is centred unless told otherwise.
  const left = align === 'right' ? '' : 'text-left';
  return (
    <th
      scope="col"
      className={`bg-slate-50 ${cellLayout({ align, dense })} ${left} font-medium text-slate-600 ${className}`}
      {...props}
    />
  );
}

/** A cell; give it the same `align` and `dense` as its column's header. */
export function Td({
  className = '',
  align,
  dense,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & CellLayout) {
  const figures = align === 'right' ? 'tabular-nums' : '';
  return (
    <td
      className={`${cellLayout({ align, dense })} align-top ${figures} ${className}`}
      {...props}
    />
  );
}

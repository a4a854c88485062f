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

/** A column header; `align="right"` for figures, `dense` for tables with many columns. */
export function Th({
  className = '',
  align = 'left',
  dense = false,
  ...props
}: ThHTMLAttributes<HTMLTableCellElement> & { align?: 'left' | 'right'; dense?: boolean }) {
  const padding = dense ? 'px-3' : 'px-4';
  const alignment = align === 'right' ? 'text-right' : 'text-left';
  return (
    <th
      scope="col"
      className={`bg-slate-50 ${padding} py-2.5 ${alignment} font-medium text-slate-600 ${className}`}
      {...props}
    />
  );
}

/** A cell; `align="right"` for figures, `dense` beside a `dense` header. */
export function Td({
  className = '',
  align = 'left',
  dense = false,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & { align?: 'left' | 'right'; dense?: boolean }) {
  const padding = dense ? 'px-3' : 'px-4';
  const alignment = align === 'right' ? 'text-right tabular-nums' : '';
  return <td className={`${padding} py-2.5 align-top ${alignment} ${className}`} {...props} />;
}

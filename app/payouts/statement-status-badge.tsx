import { STATEMENT_STATUS_LABELS, type StatementStatus } from './schemas';

/** A statement's status as a coloured pill: Due, Carried forward or Paid. */
export function StatementStatusBadge({ status }: { status: StatementStatus }) {
  const styles: Record<StatementStatus, string> = {
    open: 'bg-amber-50 text-amber-800 ring-amber-600/20',
    carried_forward: 'bg-slate-100 text-slate-700 ring-slate-500/20',
    paid: 'bg-green-50 text-green-700 ring-green-600/20',
  };
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status]}`}
    >
      {STATEMENT_STATUS_LABELS[status]}
    </span>
  );
}

/** Whether the member has given a payout email: "Given", or "Needs payout details". */
export function PayoutEmailBadge({ given }: { given: boolean }) {
  return given ? (
    <span className="text-green-700">Given</span>
  ) : (
    <span className="inline-flex whitespace-nowrap rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-inset ring-red-600/20">
      Needs payout details
    </span>
  );
}

import { CREATOR_STATUS_LABELS, type CreatorConversionStatus } from './creator-money';

const styles: Record<CreatorConversionStatus, string> = {
  pending: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  approved: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  paid: 'bg-green-50 text-green-700 ring-green-600/20',
  rejected: 'bg-red-50 text-red-700 ring-red-600/20',
  reversed: 'bg-slate-100 text-slate-700 ring-slate-500/20',
};

/** A commission's status as the creator sees it, as a coloured pill. */
export function CreatorStatusBadge({ status }: { status: CreatorConversionStatus }) {
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status]}`}
    >
      {CREATOR_STATUS_LABELS[status]}
    </span>
  );
}

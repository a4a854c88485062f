/**
 * An offer's state as a coloured pill: active, paused, expired (end date passed) or archived.
 */
export function StatusBadge({ status }: { status: 'active' | 'paused' | 'expired' | 'archived' }) {
  const styles = {
    active: 'bg-green-50 text-green-700 ring-green-600/20',
    paused: 'bg-amber-50 text-amber-800 ring-amber-600/20',
    expired: 'bg-slate-100 text-slate-700 ring-slate-500/20',
    archived: 'bg-slate-100 text-slate-600 ring-slate-400/30',
  };
  return (
    <span
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status]}`}
    >
      {status[0].toUpperCase() + status.slice(1)}
    </span>
  );
}

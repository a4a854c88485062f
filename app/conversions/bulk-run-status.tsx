import { RefreshWithoutScript, useRevalidateWhile } from '~/components/use-revalidate-while';
import type { BulkRunProgress } from './bulk-action.server';

const VERB = { approve: 'Approving', reject: 'Rejecting', reverse: 'Reversing' } as const;
const DONE = { approve: 'approved', reject: 'rejected', reverse: 'reversed' } as const;
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * The progress of a bulk change running as a job: processed of total while it runs (the page
 * reloads its data every second meanwhile, the whole page every 2 s without JavaScript), then what changed, what already had the status and
 * what was refused as an illegal transition (with the first refusal's message).
 */
export function BulkRunStatus({ run }: { run: BulkRunProgress }) {
  const active = run.status === 'queued' || run.status === 'running';
  useRevalidateWhile(active);
  const counts = `${plural(run.changed, 'conversion')} ${DONE[run.intent]}, ${plural(run.unchanged, 'already had that status', 'already had that status')}, ${plural(run.refused, 'refused (illegal transition)', 'refused (illegal transitions)')}`;
  let message: string;
  if (run.status === 'queued') {
    message = `${VERB[run.intent]} ${plural(run.total, 'conversion')} matching the filter: queued, starting in a moment…`;
  } else if (run.status === 'running') {
    message = `${VERB[run.intent]} ${plural(run.total, 'conversion')} matching the filter: ${run.processed.toLocaleString('en-US')} of ${run.total.toLocaleString('en-US')} processed (${counts}).`;
  } else if (run.status === 'failed') {
    message = `The bulk change failed after ${run.processed.toLocaleString('en-US')} of ${run.total.toLocaleString('en-US')} (${counts})${run.error ? `: ${run.error}` : ''}. It is retried automatically.`;
  } else {
    message = `Bulk change done: ${run.processed.toLocaleString('en-US')} of ${run.total.toLocaleString('en-US')} processed; ${counts}.`;
  }
  return (
    <section
      aria-label="Bulk change"
      className="mb-3 rounded-md bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200"
    >
      <RefreshWithoutScript active={active} />
      <p role="status" aria-live="polite" className="font-medium text-slate-800">
        {message}
      </p>
      {active ? (
        <progress
          className="mt-2 w-full"
          max={run.total}
          value={run.processed}
          aria-label="Bulk change progress"
        />
      ) : null}
      {run.refused > 0 && run.refusedMessage ? (
        <p className="mt-1 text-slate-600">First refusal: {run.refusedMessage}</p>
      ) : null}
    </section>
  );
}

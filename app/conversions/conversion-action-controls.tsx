import { useId } from 'react';
import { Button } from '~/components/ui/button';
import { inputClass } from '~/components/ui/field';
import { REJECT_REASONS, REJECT_REASON_LABELS } from '~/payouts/schemas';

/**
 * Approve, Reject (with a reason and a note) and Reverse: the controls of the conversions list's
 * bulk form and of a conversion's own page, whose actions read the same fields.
 */
export function ConversionActionControls() {
  // Labels point at their control by id, so a control's accessible name is its label alone
  // (a wrapping label would add the select's option texts to it).
  const id = useId();
  return (
    <>
      <Button name="intent" value="approve" variant="secondary">
        Approve
      </Button>
      <div>
        <label htmlFor={`${id}-reason`} className="block">
          Rejection reason
        </label>
        <select id={`${id}-reason`} name="reason" defaultValue="" className={inputClass}>
          <option value="">Choose a reason…</option>
          {REJECT_REASONS.map((r) => (
            <option key={r} value={r}>
              {REJECT_REASON_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-note`} className="block">
          Note (the creator sees it)
        </label>
        <input id={`${id}-note`} name="note" className={inputClass} maxLength={1000} />
      </div>
      <Button name="intent" value="reject" variant="secondary">
        Reject
      </Button>
      <Button name="intent" value="reverse" variant="secondary">
        Reverse
      </Button>
    </>
  );
}

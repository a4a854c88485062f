import { Button } from '~/components/ui/button';
import { inputClass } from '~/components/ui/field';
import { REJECT_REASONS, REJECT_REASON_LABELS } from '~/payouts/schemas';

/**
 * Approve, Reject (with a reason and a note) and Reverse: the controls of the conversions list's
 * bulk form and of a conversion's own page, whose actions read the same fields.
 */
export function ConversionActionControls() {
  return (
    <>
      <Button name="intent" value="approve" variant="secondary">
        Approve
      </Button>
      <label>
        Rejection reason
        <select name="reason" defaultValue="" className={inputClass}>
          <option value="">Choose a reason…</option>
          {REJECT_REASONS.map((r) => (
            <option key={r} value={r}>
              {REJECT_REASON_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note (the creator sees it)
        <input name="note" className={inputClass} maxLength={1000} />
      </label>
      <Button name="intent" value="reject" variant="secondary">
        Reject
      </Button>
      <Button name="intent" value="reverse" variant="secondary">
        Reverse
      </Button>
    </>
  );
}

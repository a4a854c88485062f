import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useEffect, useId, useRef } from 'react';
import { buttonClass } from '~/components/ui/button';
import { dialogCommand } from '~/components/ui/dialog-command';
import { ErrorList } from '~/components/ui/field';
import { SelectField } from '~/components/ui/select';
import { TextareaField } from '~/components/ui/textarea';
import { NOTE_MAX, REJECT_REASON_LABELS, REJECT_REASONS } from './schemas';

const reasonOptions = [
  { value: '', label: 'Choose a reason…' },
  ...REJECT_REASONS.map((r) => ({ value: r, label: REJECT_REASON_LABELS[r] })),
];

type RejectActionData = {
  intent: string;
  ok: boolean;
  conversionId?: string;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
};

/**
 * "Reject" on a commission line: a modal asking for the reason (from the fixed list) and a note
 * (required for "Other"); the errors of a refused rejection show inside it. The buttons open and
 * close the dialog without script too (`dialogCommand`: Invoker Commands), so it works before the
 * page is hydrated. After a refused post
 * without script, the page comes back with the dialog open and its errors.
 */
export function RejectCommissionDialog({
  conversionId,
  label,
}: {
  conversionId: string;
  /** What is rejected, for the button's accessible name ("commission for order 1001"). */
  label: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const actionData = useActionData<RejectActionData>();
  const navigation = useNavigation();
  const mine = actionData?.intent === 'reject' && actionData.conversionId === conversionId;
  const errors = mine && !actionData.ok ? actionData : null;
  useEffect(() => {
    if (mine && actionData.ok) dialog.current?.close();
  }, [mine, actionData]);
  const dialogId = `${id}-dialog`;
  return (
    <>
      <button
        type="button"
        className="rounded-md px-2 py-1 text-xs font-semibold text-red-700 ring-1 ring-red-200 hover:bg-red-50"
        aria-label={`Reject ${label}`}
        {...dialogCommand(dialog, dialogId, 'show-modal')}
      >
        Reject
      </button>
      <dialog
        ref={dialog}
        id={dialogId}
        open={errors ? true : undefined}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg p-0 text-left shadow-xl backdrop:bg-slate-900/50"
      >
        <Form method="post" className="space-y-4 p-5" noValidate>
          <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
            Reject the {label}
          </h2>
          <p className="text-sm text-slate-600">
            The commission leaves this statement and its total drops by its amount. The creator sees
            the reason and the note in their portal.
          </p>
          <input type="hidden" name="intent" value="reject" />
          <input type="hidden" name="conversionId" value={conversionId} />
          {errors?.formError && !errors.fieldErrors?.reason && !errors.fieldErrors?.note ? (
            <ErrorList errors={[errors.formError]} />
          ) : null}
          <SelectField
            id={`${id}-reason`}
            label="Reason"
            name="reason"
            required
            defaultValue=""
            options={reasonOptions}
            errors={errors?.fieldErrors?.reason}
          />
          <TextareaField
            id={`${id}-note`}
            label="Note"
            name="note"
            rows={3}
            maxLength={NOTE_MAX}
            className="font-sans"
            hint="Required when the reason is Other. Shown to the creator as you write it."
            errors={errors?.fieldErrors?.note}
          />
          <div className="flex flex-wrap justify-end gap-2">
            <button
              type="button"
              className={buttonClass('secondary')}
              {...dialogCommand(dialog, dialogId, 'close')}
            >
              Cancel
            </button>
            <button
              type="submit"
              className={buttonClass('danger')}
              disabled={navigation.state === 'submitting'}
            >
              Reject commission
            </button>
          </div>
        </Form>
      </dialog>
    </>
  );
}

import { useId, useRef, type ReactNode } from 'react';
import { buttonClass } from './button';
import { dialogCommand } from './dialog-command';

/**
 * A button that opens a modal confirmation (native <dialog>: focus stays inside, Escape cancels)
 * before submitting `form`'s fields with the confirm button. Opens without JavaScript too
 * (`dialogCommand`).
 */
export function ConfirmDialog({
  trigger,
  title,
  children,
  confirmLabel,
  form,
  variant = 'danger',
  triggerVariant = 'secondary',
}: {
  trigger: string;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** The <Form> (or <form>) that wraps the confirm button, given the button to place inside. */
  form: (confirmButton: ReactNode) => ReactNode;
  variant?: 'danger' | 'primary';
  triggerVariant?: 'secondary' | 'danger' | 'ghost';
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const titleId = `${id}-confirm-title`;
  const dialogId = `${id}-confirm`;
  return (
    <>
      <button
        type="button"
        className={buttonClass(triggerVariant)}
        {...dialogCommand(dialog, dialogId, 'show-modal')}
      >
        {trigger}
      </button>
      <dialog
        ref={dialog}
        id={dialogId}
        aria-labelledby={titleId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/50"
      >
        <div className="p-5">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          {children ? <div className="mt-2 text-sm text-slate-600">{children}</div> : null}
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <button
              type="button"
              className={buttonClass('secondary')}
              {...dialogCommand(dialog, dialogId, 'close')}
            >
              Cancel
            </button>
            {form(
              <button type="submit" className={buttonClass(variant)}>
                {confirmLabel}
              </button>,
            )}
          </div>
        </div>
      </dialog>
    </>
  );
}

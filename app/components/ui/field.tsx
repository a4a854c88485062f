import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

export const inputClass =
  'block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 aria-[invalid=true]:ring-red-500 sm:text-sm';

/** What a form control needs to be announced with its label, hint and errors. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export interface LabelledProps {
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
}

/**
 * The frame every labelled control shares: label, the control (rendered by `children` with the
 * props that wire it to the label, hint and errors for screen readers), hint and error messages.
 */
export function FieldFrame({
  id: givenId,
  label,
  errors,
  hint,
  children,
}: LabelledProps & { id?: string; children: (control: ControlProps) => ReactNode }) {
  const fallbackId = useId();
  const id = givenId ?? fallbackId;
  const invalid = Boolean(errors?.length);
  const describedBy = [invalid ? `${id}-error` : '', hint ? `${id}-hint` : ''].join(' ').trim();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1">
        {children({
          id,
          'aria-invalid': invalid || undefined,
          'aria-describedby': describedBy || undefined,
        })}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** A labelled input with its error messages, wired for screen readers. */
export function Field({
  label,
  errors,
  hint,
  ...inputProps
}: InputHTMLAttributes<HTMLInputElement> & LabelledProps) {
  return (
    <FieldFrame id={inputProps.id} label={label} errors={errors} hint={hint}>
      {(control) => <input className={inputClass} {...control} {...inputProps} />}
    </FieldFrame>
  );
}

export function ErrorList({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700" role="alert">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

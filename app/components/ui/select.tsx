import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ErrorList, inputClass } from './field';

/** A labelled native select with hint and error messages, wired for screen readers like Field. */
export function SelectField({
  label,
  errors,
  hint,
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
}) {
  const fallbackId = useId();
  const id = props.id ?? fallbackId;
  const invalid = Boolean(errors?.length);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        className={`mt-1 ${inputClass} pr-8`}
        aria-invalid={invalid || undefined}
        aria-describedby={
          [invalid ? `${id}-error` : '', hint ? `${id}-hint` : ''].join(' ').trim() || undefined
        }
        {...props}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  );
}

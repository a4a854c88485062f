import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { ErrorList, inputClass } from './field';

/** A labelled textarea with hint and error messages, wired for screen readers like Field. */
export function TextareaField({
  label,
  errors,
  hint,
  className = '',
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
}) {
  const fallbackId = useId();
  const id = props.id ?? fallbackId;
  const invalid = Boolean(errors?.length);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        className={`mt-1 font-mono ${inputClass} ${className}`}
        aria-invalid={invalid || undefined}
        aria-describedby={
          [invalid ? `${id}-error` : '', hint ? `${id}-hint` : ''].join(' ').trim() || undefined
        }
        {...props}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  );
}

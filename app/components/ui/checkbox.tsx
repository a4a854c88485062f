import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { ErrorList } from './field';

/** A checkbox with its label beside it and an optional hint under the label. */
export function CheckboxField({
  label,
  hint,
  errors,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
}) {
  const fallbackId = useId();
  const id = props.id ?? fallbackId;
  return (
    <div>
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          aria-describedby={hint ? `${id}-hint` : undefined}
          {...props}
        />
        <div className="text-sm">
          <label htmlFor={id} className="font-medium text-slate-800">
            {label}
          </label>
          {hint ? (
            <p id={`${id}-hint`} className="text-xs text-slate-500">
              {hint}
            </p>
          ) : null}
        </div>
      </div>
      <ErrorList errors={errors} />
    </div>
  );
}

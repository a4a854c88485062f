import { useId, type ReactNode } from 'react';
import { ErrorList } from './field';

/**
 * A multi-select as a fieldset of checkboxes (usable on phones and with screen readers, unlike
 * <select multiple>); scrolls when the list is long.
 */
export function CheckboxGroup({
  legend,
  name,
  options,
  selected,
  errors,
  hint,
  empty,
}: {
  legend: ReactNode;
  name: string;
  options: { value: string; label: string }[];
  selected: string[];
  errors?: string[];
  hint?: ReactNode;
  /** Shown instead of the list when there are no options. */
  empty?: ReactNode;
}) {
  const id = useId();
  const chosen = new Set(selected);
  return (
    <fieldset aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend className="block text-sm font-medium text-slate-800">{legend}</legend>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {options.length === 0 ? (
        <div className="mt-1 text-sm text-slate-600">{empty}</div>
      ) : (
        <ul className="mt-2 max-h-60 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-slate-200">
          {options.map((option) => (
            <li key={option.value}>
              <label className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                <input
                  type="checkbox"
                  name={name}
                  value={option.value}
                  defaultChecked={chosen.has(option.value)}
                  className="h-4 w-4 rounded border-slate-300 text-brand-600"
                />
                <span className="break-all">{option.label}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <ErrorList id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

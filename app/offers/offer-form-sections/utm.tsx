import { useRef, useState, type ReactNode } from 'react';
import { ErrorList, inputClass } from '~/components/ui/field';
import type { FieldErrors } from '~/forms/parse-form';
import { UTM_PARAMS, UTM_VARIABLES } from '~/links/destination';
import { UTM_FIELDS, type UtmField } from '../schemas';
import { Section } from './section';

/** The UTM parameters with buttons that insert a variable where the cursor was, and the preview. */
export function UtmSection({
  errors,
  utm,
  onUtmChange,
  preview,
}: {
  errors: FieldErrors;
  utm: Record<UtmField, string>;
  onUtmChange: (utm: Record<UtmField, string>) => void;
  /** The destination preview, shown under the fields it depends on. */
  preview: ReactNode;
}) {
  const utmInputs = useRef<Partial<Record<UtmField, HTMLInputElement | null>>>({});
  const [lastUtmField, setLastUtmField] = useState<UtmField>('utmSource');

  function insertVariable(variable: string) {
    const field = lastUtmField;
    const input = utmInputs.current[field];
    const current = utm[field];
    const start = input?.selectionStart ?? current.length;
    const end = input?.selectionEnd ?? current.length;
    const token = `{${variable}}`;
    const next = current.slice(0, start) + token + current.slice(end);
    onUtmChange({ ...utm, [field]: next });
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  return (
    <Section
      title="UTM parameters"
      description="Added to every link's destination. Leave a field empty to skip it, type a fixed value, or use variables that are filled in for each member."
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {UTM_FIELDS.map((field) => (
          <div key={field}>
            <label
              htmlFor={`utm-${field}`}
              className="block font-mono text-sm font-medium text-slate-800"
            >
              {UTM_PARAMS[field]}
            </label>
            <input
              id={`utm-${field}`}
              name={field}
              maxLength={200}
              value={utm[field]}
              ref={(el) => {
                utmInputs.current[field] = el;
              }}
              onFocus={() => setLastUtmField(field)}
              onChange={(e) => onUtmChange({ ...utm, [field]: e.target.value })}
              placeholder={field === 'utmSource' ? 'e.g. influencer' : undefined}
              className={`mt-1 ${inputClass}`}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `utm-${field}-error` : undefined}
            />
            <ErrorList id={`utm-${field}-error`} errors={errors[field]} />
          </div>
        ))}
      </div>
      <div>
        <p className="text-sm font-medium text-slate-800" id="utm-variables-label">
          Insert a variable into {UTM_PARAMS[lastUtmField]}
        </p>
        <div
          className="mt-2 flex flex-wrap gap-2"
          role="group"
          aria-labelledby="utm-variables-label"
        >
          {UTM_VARIABLES.map((variable) => (
            <button
              key={variable}
              type="button"
              className="rounded-full bg-slate-100 px-2.5 py-1 font-mono text-xs text-slate-700 hover:bg-slate-200"
              onClick={() => insertVariable(variable)}
            >
              {`{${variable}}`}
            </button>
          ))}
        </div>
      </div>
      {preview}
    </Section>
  );
}

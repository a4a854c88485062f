import type { SelectHTMLAttributes } from 'react';
import { FieldFrame, inputClass, type LabelledProps } from './field';

/** A labelled native select with hint and error messages, wired for screen readers like Field. */
export function SelectField({
  label,
  errors,
  hint,
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> &
  LabelledProps & { options: readonly { value: string; label: string }[] }) {
  return (
    <FieldFrame id={props.id} label={label} errors={errors} hint={hint}>
      {(control) => (
        <select className={`${inputClass} pr-8`} {...control} {...props}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

import type { TextareaHTMLAttributes } from 'react';
import { FieldFrame, inputClass, type LabelledProps } from './field';

/** A labelled textarea with hint and error messages, wired for screen readers like Field. */
export function TextareaField({
  label,
  errors,
  hint,
  className = '',
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & LabelledProps) {
  return (
    <FieldFrame id={props.id} label={label} errors={errors} hint={hint}>
      {(control) => (
        <textarea className={`font-mono ${inputClass} ${className}`} {...control} {...props} />
      )}
    </FieldFrame>
  );
}

import { Field } from '~/components/ui/field';
import { PASSWORD_MAX, PASSWORD_MIN } from './schemas';

/**
 * The field where a person chooses a password (sign-up, an invitation, a reset, the Account page):
 * the same limits and hint as the server's password rule (newPasswordSchema).
 */
export function NewPasswordField({
  label,
  errors,
  note,
}: {
  label: string;
  errors?: string[];
  /** A sentence added to the hint, e.g. what else happens. */
  note?: string;
}) {
  return (
    <Field
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN}
      maxLength={PASSWORD_MAX}
      hint={`At least ${PASSWORD_MIN} characters, and not a common password.${note ? ` ${note}` : ''}`}
      errors={errors}
    />
  );
}

import { Field } from '~/components/ui/field';
import { SelectField } from '~/components/ui/select';
import {
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  REFERENCE_MAX,
  type PaymentMethod,
} from './schemas';

const methodOptions = [
  { value: '', label: 'Choose…' },
  ...PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] })),
];

/**
 * The payment's fields of a Mark paid form: date, method, reference, with inline errors. The
 * method starts at `defaultMethod` ("Choose…" when none): a member without a PayPal address
 * starts at bank transfer (decision 036).
 */
export function MarkPaidFields({
  fieldErrors,
  idPrefix,
  defaultMethod,
  methodHint,
}: {
  fieldErrors?: Record<string, string[] | undefined>;
  idPrefix: string;
  defaultMethod?: PaymentMethod;
  methodHint?: string;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Field
        id={`${idPrefix}-paid-on`}
        label="Payment date"
        name="paidOn"
        type="date"
        required
        defaultValue={new Date().toISOString().slice(0, 10)}
        errors={fieldErrors?.paidOn}
      />
      <SelectField
        id={`${idPrefix}-method`}
        label="Payment method"
        name="method"
        required
        defaultValue={defaultMethod ?? ''}
        options={methodOptions}
        hint={methodHint}
        errors={fieldErrors?.method}
      />
      <Field
        id={`${idPrefix}-reference`}
        label="Reference (optional)"
        name="reference"
        maxLength={REFERENCE_MAX}
        hint="A PayPal batch id or a bank transfer reference."
        errors={fieldErrors?.reference}
      />
    </div>
  );
}

import { Field } from '~/components/ui/field';
import { SelectField } from '~/components/ui/select';
import { PAYMENT_METHOD_LABELS, PAYMENT_METHODS, REFERENCE_MAX } from './schemas';

const methodOptions = [
  { value: '', label: 'Choose…' },
  ...PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] })),
];

/** The payment's fields of a Mark paid form: date, method, reference, with inline errors. */
export function MarkPaidFields({
  fieldErrors,
  idPrefix,
}: {
  fieldErrors?: Record<string, string[] | undefined>;
  idPrefix: string;
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
        defaultValue=""
        options={methodOptions}
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

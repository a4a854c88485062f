import { Form } from '@remix-run/react';
import { buttonClass } from '~/components/ui/button';
import { Field } from '~/components/ui/field';
import { SelectField } from '~/components/ui/select';
import type { ChangeEvent, ReactNode } from 'react';
import { DAY_EXAMPLE, formatDayText, isDay, PRESETS, type Period } from './period';

/** "3 Nov 2026 – 2 Dec 2026" for an inclusive period of days. */
export function formatPeriod(period: Period): string {
  const day = formatDayText;
  return period.from === period.to ? day(period.from) : `${day(period.from)} – ${day(period.to)}`;
}

/** A custom day as the field shows it: the page's style when it is a day, else as typed. */
const dayFieldValue = (value: string | undefined) =>
  value ? (isDay(value) ? formatDayText(value) : value) : '';

/** Typing a date means a custom period (without JavaScript, the visitor picks Custom). */
function chooseCustom(event: ChangeEvent<HTMLInputElement>) {
  const select = event.currentTarget.form?.elements.namedItem('period');
  if (select instanceof HTMLSelectElement) select.value = 'custom';
}

/**
 * A period of days as a GET form (the page's query string): a preset, or custom From–To dates
 * (used when Period is Custom). What was typed comes back with its errors when it is refused.
 * The dates are text written as every date on the page ("6 Nov 2026"; YYYY-MM-DD is taken too),
 * not `type="date"`, whose field shows the browser's own format (mm/dd/yyyy) beside it.
 * Both portals use it: the creator's pages with a few presets, the brand's reports with all of
 * them, more controls (`children`, submitted with the period) and the rest of their query
 * (`keep`: breakdown, sort, filters) carried along.
 */
export function PeriodPicker({
  presets = PRESETS,
  values,
  fieldErrors = {},
  label = 'Figures period',
  keep = [],
  children,
}: {
  /** The periods offered, in order (default: every preset the reports know). */
  presets?: readonly { id: string; label: string }[];
  /** The query as typed (or the defaults). */
  values: { period?: string; from?: string; to?: string };
  fieldErrors?: Record<string, string[] | undefined>;
  /** The form's accessible name. */
  label?: string;
  /** Other query parameters, sent again unchanged as hidden fields. */
  keep?: readonly (readonly [string, string])[];
  /** More controls of the same query, placed before the button (each in a `sm:w-44` box). */
  children?: ReactNode;
}) {
  return (
    // Keyed on the values, so the controls follow a navigation to another period.
    <Form
      key={`${values.period}|${values.from}|${values.to}`}
      method="get"
      aria-label={label}
      className="grid grid-cols-2 items-start gap-3 sm:flex sm:flex-wrap"
      preventScrollReset
    >
      {keep.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="col-span-2 sm:w-44">
        <SelectField
          id="period"
          name="period"
          label="Period"
          defaultValue={values.period}
          errors={fieldErrors.period}
          options={presets.map((p) => ({ value: p.id, label: p.label }))}
        />
      </div>
      <div className="sm:w-44">
        <Field
          id="from"
          name="from"
          label="From (custom)"
          hint={`Like ${DAY_EXAMPLE}`}
          autoComplete="off"
          defaultValue={dayFieldValue(values.from)}
          onChange={chooseCustom}
          errors={fieldErrors.from}
        />
      </div>
      <div className="sm:w-44">
        <Field
          id="to"
          name="to"
          label="To (custom)"
          hint={`Like ${DAY_EXAMPLE}`}
          autoComplete="off"
          defaultValue={dayFieldValue(values.to)}
          onChange={chooseCustom}
          errors={fieldErrors.to}
        />
      </div>
      {children}
      <button type="submit" className={buttonClass('primary', 'col-span-2 sm:mt-6 sm:w-auto')}>
        Show figures
      </button>
    </Form>
  );
}

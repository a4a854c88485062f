import { Form } from '@remix-run/react';
import { Button } from '~/components/ui/button';
import { Field } from '~/components/ui/field';
import { SelectField } from '~/components/ui/select';
import { REJECT_REASONS, REJECT_REASON_LABELS } from '~/payouts/schemas';
import {
  CONVERSION_SOURCES,
  CONVERSION_STATUSES,
  SOURCE_LABELS,
  STATUS_LABELS,
  type ConversionFilter,
} from './conversion-filter';

interface Choice {
  id: string;
  name: string;
}

/**
 * The conversions list's filter (a GET form): status, reject reason, source, order id, UTC days,
 * and the brand's offers and members by name. Labels point at their control by id, so each
 * control's accessible name is its label alone.
 */
export function ConversionFilterForm({
  filter,
  offers,
  members,
}: {
  filter: ConversionFilter;
  offers: Choice[];
  members: Choice[];
}) {
  const options = (any: string, list: { value: string; label: string }[]) => [
    { value: '', label: any },
    ...list,
  ];
  return (
    <Form method="get" className="mb-4 grid gap-3 sm:grid-cols-4" aria-label="Filter conversions">
      <SelectField
        label="Status"
        name="status"
        defaultValue={filter.status ?? ''}
        options={options(
          'Any status',
          CONVERSION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
        )}
      />
      <SelectField
        label="Reject reason"
        name="rejectReason"
        defaultValue={filter.rejectReason ?? ''}
        options={options(
          'Any reason',
          REJECT_REASONS.map((r) => ({ value: r, label: REJECT_REASON_LABELS[r] })),
        )}
      />
      <SelectField
        label="Source"
        name="source"
        defaultValue={filter.source ?? ''}
        options={options(
          'Any source',
          CONVERSION_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] })),
        )}
      />
      <Field label="Order id" name="orderId" defaultValue={filter.orderId ?? ''} />
      <SelectField
        label="Offer"
        name="offerId"
        defaultValue={filter.offerId ?? ''}
        options={options(
          'All offers',
          offers.map((o) => ({ value: o.id, label: o.name })),
        )}
      />
      <SelectField
        label="Member"
        name="memberId"
        defaultValue={filter.memberId ?? ''}
        options={options(
          'All members',
          members.map((m) => ({ value: m.id, label: m.name })),
        )}
      />
      <Field label="From (UTC day)" type="date" name="from" defaultValue={filter.from ?? ''} />
      <Field label="To (UTC day)" type="date" name="to" defaultValue={filter.to ?? ''} />
      <div className="flex items-end">
        <Button variant="secondary">Apply filters</Button>
      </div>
    </Form>
  );
}

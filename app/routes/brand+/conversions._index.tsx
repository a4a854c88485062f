import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { ErrorList, inputClass } from '~/components/ui/field';
import { PageHeader } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import {
  applyConversionAction,
  conversionActionSchema,
} from '~/conversions/conversion-actions.server';
import {
  SOURCE_LABELS,
  STATUS_LABELS,
  filterFromSearch,
  filterToSearch,
} from '~/conversions/conversion-filter';
import {
  filterBelongsToBrand,
  offerAndMemberChoices,
} from '~/conversions/conversion-choices.server';
import { listConversions } from '~/conversions/conversion-list.server';
import { bulkRunProgress, latestBulkRun } from '~/conversions/bulk-action.server';
import { BULK_JOB_THRESHOLD, BULK_LIMIT } from '~/conversions/bulk-limits';
import { BulkRunStatus } from '~/conversions/bulk-run-status';
import { invariantResponse } from '~/http.server';
import { parseForm } from '~/forms/parse-form';
import { ConversionActionControls } from '~/conversions/conversion-action-controls';
import { ConversionFilterForm } from '~/conversions/conversion-filter-form';
import { formatMoney } from '~/money/money';
import { payoutRefusal } from '~/payouts/payout-action.server';
import { REJECT_REASON_LABELS } from '~/payouts/schemas';

export const meta: MetaFunction = () => [{ title: 'Conversions · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const url = new URL(request.url);
  const filter = filterFromSearch(url.searchParams);
  invariantResponse(await filterBelongsToBrand(brand.id, filter), 'Not found');
  const [choices, page, run] = await Promise.all([
    offerAndMemberChoices(brand.id),
    listConversions(brand.id, filter, url.searchParams.get('after')),
    latestBulkRun(brand.id),
  ]);
  // The latest bulk change while it runs, and for an hour after it finished.
  const shownRun =
    run &&
    (run.status === 'queued' ||
      run.status === 'running' ||
      Date.now() - (run.finishedAt ?? run.queuedAt).getTime() < 3_600_000)
      ? bulkRunProgress(run)
      : null;
  return {
    filter,
    filterQuery: filterToSearch(filter).toString(),
    ...choices,
    ...page,
    bulkRun: shownRun,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'conversions');
  const parsed = parseForm(conversionActionSchema, await request.formData());
  if (!parsed.ok) {
    return Response.json({ ok: false, fieldErrors: parsed.fieldErrors }, { status: 400 });
  }
  const filter = filterFromSearch(new URL(request.url).searchParams);
  invariantResponse(await filterBelongsToBrand(brand.id, filter), 'Not found');
  try {
    const result = await applyConversionAction(
      brand.id,
      user.id,
      parsed.data,
      filter,
      filterToSearch(filter).toString(),
    );
    return {
      ok: true as const,
      intent: parsed.data.intent,
      changed: result.changed.length,
      queued: result.queued ? result.queued.total : undefined,
    };
  } catch (error) {
    return payoutRefusal(error, parsed.data.intent);
  }
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const done = { approve: 'approved', reject: 'rejected', reverse: 'reversed' } as const;

type ActionData = {
  ok: boolean;
  intent?: keyof typeof done;
  changed?: number;
  queued?: number;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
};

export default function Conversions() {
  const { filter, filterQuery, rows, next, offers, members, bulkRun } =
    useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const actionUrl = `?${filterQuery}${filterQuery ? '&' : ''}index`;
  return (
    <>
      <PageHeader
        title="Conversions"
        actions={
          <>
            <Link to="/brand/conversions/new" className={buttonClass('primary')}>
              Add conversion
            </Link>
            <Link to="/brand/conversions/audit" className="text-sm text-brand-700 underline">
              Audit log
            </Link>
            <a
              href={`/brand/conversions/export.csv${filterQuery ? `?${filterQuery}` : ''}`}
              download
              className="text-sm text-brand-700 underline"
            >
              Export CSV
            </a>
          </>
        }
      />
      <ConversionFilterForm filter={filter} offers={offers} members={members} />

      <div aria-live="polite" className="mb-3">
        {result?.ok && result.queued === undefined ? (
          <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
            {result.changed} conversion{result.changed === 1 ? '' : 's'} {done[result.intent!]}.
          </p>
        ) : null}
        {result && !result.ok ? (
          <ErrorList
            errors={[
              ...(result.formError ? [result.formError] : []),
              ...Object.values(result.fieldErrors ?? {}).flat(),
            ]}
          />
        ) : null}
      </div>

      {bulkRun ? <BulkRunStatus run={bulkRun} /> : null}

      <Form method="post" action={actionUrl} id="conversion-actions">
        <div className="mb-3 flex flex-wrap items-end gap-2 text-sm">
          <div>
            <label htmlFor="conversion-action-scope" className="block">
              Apply to
            </label>
            <select
              id="conversion-action-scope"
              name="scope"
              defaultValue="selected"
              className={inputClass}
            >
              <option value="selected">Selected conversions</option>
              <option value="filter">
                Every conversion matching the filter (up to {BULK_LIMIT.toLocaleString('en-US')};
                over {BULK_JOB_THRESHOLD} as a background job)
              </option>
            </select>
          </div>
          <ConversionActionControls />
        </div>
      </Form>

      {rows.length === 0 ? (
        <p className="text-slate-600">No conversions match.</p>
      ) : (
        <Table caption="Conversions">
          <thead>
            <tr>
              <Th dense>
                <span className="sr-only">Select</span>
              </Th>
              <Th dense>Time (UTC)</Th>
              <Th dense>Order id</Th>
              <Th dense>Offer</Th>
              <Th dense>Member</Th>
              <Th dense>Source</Th>
              <Th dense>Status</Th>
              <Th dense align="right">
                Amount
              </Th>
              <Th dense align="right">
                Commission
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <Td dense>
                  <input
                    type="checkbox"
                    name="conversionId"
                    value={row.id}
                    form="conversion-actions"
                    aria-label={`Select conversion ${row.orderId ?? row.id}`}
                  />
                </Td>
                <Td dense>
                  <Link to={`/brand/conversions/${row.id}`} className="text-brand-700 underline">
                    {dateTime.format(new Date(row.createdAt))}
                  </Link>
                </Td>
                <Td dense>{row.orderId ?? '—'}</Td>
                <Td dense>{row.offerName ?? '—'}</Td>
                <Td dense>{row.memberName ?? '—'}</Td>
                <Td dense>{SOURCE_LABELS[row.source]}</Td>
                <Td dense>
                  {STATUS_LABELS[row.status]}
                  {row.rejectReason ? ` (${REJECT_REASON_LABELS[row.rejectReason]})` : ''}
                  {row.reason ? ` (${row.reason.replaceAll('_', ' ')})` : ''}
                </Td>
                <Td dense align="right">
                  {row.amountMinor == null ? '—' : formatMoney(row.amountMinor, row.currency)}
                </Td>
                <Td dense align="right">
                  {formatMoney(row.commissionMinor, row.currency)}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {next ? (
        <nav aria-label="Conversion pages" className="mt-4 text-sm">
          <Link
            to={`?${filterQuery}${filterQuery ? '&' : ''}after=${encodeURIComponent(next)}`}
            className="rounded-md px-3 py-1.5 font-medium text-brand-700 ring-1 ring-slate-300"
          >
            Older conversions
          </Link>
        </nav>
      ) : null}
    </>
  );
}

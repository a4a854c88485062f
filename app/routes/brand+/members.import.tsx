import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button, buttonClass } from '~/components/ui/button';
import { ErrorList } from '~/components/ui/field';
import { Card, PageHeader, BackLink } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { TextareaField } from '~/components/ui/textarea';
import { SelectField } from '~/components/ui/select';
import { offersTakingMembers } from '~/promo-codes/promo-codes.server';
import { badRequest } from '~/http.server';
import { PayloadTooLargeError, readLimitedFormData } from '~/forms/read-limited-form-data.server';
import {
  csvTooLargeMessage,
  decodeCsvBytes,
  importMembers,
  previewMemberImport,
} from '~/members/csv-import.server';
import { CSV_COLUMNS, MAX_CSV_BYTES } from '~/members/schemas';

export const meta: MetaFunction = () => [{ title: 'Import members · Offerlink' }];

/** How many rows of each kind the preview shows (the counts are always complete). */
const SHOWN_GOOD = 100;
const SHOWN_BAD = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  return { offers: await offersTakingMembers(brand.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'members');
  let formData: FormData;
  try {
    // Room for the form's other fields and multipart boundaries around a full-size file.
    formData = await readLimitedFormData(request, MAX_CSV_BYTES + 64 * 1024);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      return data({ error: csvTooLargeMessage(), csv: null, preview: null }, { status: 413 });
    }
    throw error;
  }
  const file = formData.get('file');
  const pasted = formData.get('csv');
  const csv =
    file instanceof File && file.size > 0
      ? decodeCsvBytes(new Uint8Array(await file.arrayBuffer()))
      : typeof pasted === 'string'
        ? pasted
        : '';
  if (csv.trim() === '') {
    return badRequest({
      error: 'Choose a CSV file or paste its contents.',
      csv: null,
      preview: null,
    });
  }
  // The offer the imported members join, with their promo codes (optional).
  const offerId = String(formData.get('offerId') ?? '') || null;
  const options = { offerId, userId: user.id };
  if (formData.get('intent') === 'import') {
    const result = await importMembers(brand.id, csv, options);
    if (result.ok) {
      const skipped = result.skipped ? `&skipped=${result.skipped}` : '';
      return redirect(`/brand/members?imported=${result.imported}${skipped}`);
    }
    const preview = await previewMemberImport(brand.id, csv, undefined, options);
    return badRequest({
      error: result.error,
      csv,
      offerId,
      preview: preview.ok ? shown(preview) : null,
    });
  }
  const preview = await previewMemberImport(brand.id, csv, undefined, options);
  if (!preview.ok) return badRequest({ error: preview.error, csv: null, offerId, preview: null });
  return { error: null, csv, offerId, preview: shown(preview) };
}

function shown(preview: Extract<Awaited<ReturnType<typeof previewMemberImport>>, { ok: true }>) {
  return {
    goodCount: preview.good.length,
    badCount: preview.bad.length,
    good: preview.good.slice(0, SHOWN_GOOD),
    bad: preview.bad.slice(0, SHOWN_BAD),
    newProjects: preview.newProjects,
    ignoredColumns: preview.ignoredColumns,
  };
}

const number = new Intl.NumberFormat('en-US');
const plural = (n: number, one: string, many: string) =>
  `${number.format(n)} ${n === 1 ? one : many}`;

export default function ImportMembers() {
  const { offers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const chosenOffer = actionData && 'offerId' in actionData ? (actionData.offerId ?? '') : '';
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const preview = actionData?.preview ?? null;
  return (
    <>
      <BackLink to="/brand/members">Members</BackLink>
      <PageHeader
        title="Import members"
        description="Add many creators at once from a spreadsheet saved as CSV."
      />
      {preview && actionData?.csv ? (
        <ImportPreview
          preview={preview}
          csv={actionData.csv}
          error={actionData.error}
          busy={busy}
          offerId={chosenOffer}
          offerName={offers.find((o) => o.id === chosenOffer)?.name ?? null}
        />
      ) : (
        <Card>
          <Form method="post" encType="multipart/form-data" className="space-y-5" noValidate>
            <input type="hidden" name="intent" value="preview" />
            <ErrorList errors={actionData?.error ? [actionData.error] : undefined} />
            <div className="text-sm text-slate-700">
              <p>
                The first line names the columns:{' '}
                <code className="rounded bg-slate-100 px-1">{CSV_COLUMNS.join(',')}</code>. Name and
                email are required. Separate several projects with a semicolon; projects that do not
                exist yet are created. <code className="rounded bg-slate-100 px-1">promo_code</code>{' '}
                is optional: the member’s promo code on the offer chosen below.
              </p>
              <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs ring-1 ring-slate-200">
                {`name,email,instagram,tiktok,projects\nMaya Lopez,maya@example.com,@maya.glows,mayaglows,Spring Launch;Ambassadors\n"Park, Theo",theo@example.com,theopark,,Spring Launch`}
              </pre>
            </div>
            <div>
              <label htmlFor="csv-file" className="block text-sm font-medium text-slate-800">
                CSV file
              </label>
              <input
                id="csv-file"
                type="file"
                name="file"
                accept=".csv,text/csv"
                aria-describedby="csv-file-hint"
                className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-semibold hover:file:bg-slate-200"
              />
              <p id="csv-file-hint" className="mt-1 text-xs text-slate-500">
                Up to {MAX_CSV_BYTES / 1024 / 1024} MB, UTF-8 (“CSV UTF-8” in Excel).
              </p>
            </div>
            <TextareaField
              label="Or paste the CSV"
              name="csv"
              rows={6}
              spellCheck={false}
              placeholder="name,email,instagram,tiktok,projects"
            />
            <SelectField
              label="Add the imported members to an offer (optional)"
              name="offerId"
              defaultValue={chosenOffer}
              hint="Each imported member gets a tracking link on it, and their promo_code there. Needed when the file has promo codes."
              options={[
                { value: '', label: 'No offer' },
                ...offers.map((o) => ({ value: o.id, label: o.name })),
              ]}
            />
            <Button disabled={busy}>{busy ? 'Checking…' : 'Check file'}</Button>
          </Form>
        </Card>
      )}
    </>
  );
}

function ImportPreview({
  preview,
  csv,
  error,
  busy,
  offerId,
  offerName,
}: {
  preview: NonNullable<ReturnType<typeof shown>>;
  csv: string;
  error: string | null;
  busy: boolean;
  offerId: string;
  offerName: string | null;
}) {
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Check before importing</h2>
        <ErrorList errors={error ? [error] : undefined} />
        <ul className="mt-2 space-y-1 text-sm" aria-label="Summary">
          <li>
            <strong>{plural(preview.goodCount, 'member', 'members')}</strong> ready to import.
          </li>
          {preview.badCount ? (
            <li className="text-red-700">
              <strong>{plural(preview.badCount, 'row', 'rows')}</strong> with problems will be
              skipped (listed below).
            </li>
          ) : null}
          {offerName ? (
            <li>
              They join <strong>{offerName}</strong>, with their promo codes there.
            </li>
          ) : null}
          {preview.newProjects.length ? (
            <li>New projects to create: {preview.newProjects.join(', ')}.</li>
          ) : null}
          {preview.ignoredColumns.length ? (
            <li className="text-amber-800">
              Ignored columns (not imported): {preview.ignoredColumns.join(', ')}.
            </li>
          ) : null}
        </ul>
        <div className="mt-4 flex flex-wrap gap-2">
          {preview.goodCount > 0 ? (
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="import" />
              <input type="hidden" name="offerId" value={offerId} />
              <textarea name="csv" hidden readOnly value={csv} />
              <Button disabled={busy}>
                {busy ? 'Importing…' : `Import ${plural(preview.goodCount, 'member', 'members')}`}
              </Button>
            </Form>
          ) : null}
          <Link to="/brand/members/import" reloadDocument className={buttonClass('secondary')}>
            Choose another file
          </Link>
        </div>
      </Card>

      {preview.badCount ? (
        <section aria-labelledby="bad-rows">
          <h2 id="bad-rows" className="mb-2 text-base font-semibold text-red-800">
            Rows that will be skipped
          </h2>
          <Table caption="Rows with problems">
            <thead>
              <tr>
                <Th className="w-16">Line</Th>
                <Th>Row</Th>
                <Th>Problem</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.bad.map((row) => (
                <tr key={row.line}>
                  <Td className="tabular-nums">{row.line}</Td>
                  <Td className="break-all">{row.label || <em>(empty)</em>}</Td>
                  <Td>
                    <ul className="space-y-0.5 text-red-700">
                      {row.reasons.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {preview.badCount > preview.bad.length ? (
            <p className="mt-2 text-sm text-slate-600">
              And {plural(preview.badCount - preview.bad.length, 'more row', 'more rows')}.
            </p>
          ) : null}
        </section>
      ) : null}

      {preview.goodCount ? (
        <section aria-labelledby="good-rows">
          <h2 id="good-rows" className="mb-2 text-base font-semibold">
            Members to import
          </h2>
          <Table caption="Members to import">
            <thead>
              <tr>
                <Th className="w-16">Line</Th>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th className="hidden md:table-cell">Instagram</Th>
                <Th className="hidden md:table-cell">TikTok</Th>
                <Th className="hidden sm:table-cell">Projects</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.good.map((row) => (
                <tr key={row.line}>
                  <Td className="tabular-nums">{row.line}</Td>
                  <Td>{row.name}</Td>
                  <Td className="break-all">{row.email}</Td>
                  <Td className="hidden md:table-cell">
                    {row.instagram ? `@${row.instagram}` : ''}
                  </Td>
                  <Td className="hidden md:table-cell">{row.tiktok ? `@${row.tiktok}` : ''}</Td>
                  <Td className="hidden sm:table-cell">{row.projects.join(', ')}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {preview.goodCount > preview.good.length ? (
            <p className="mt-2 text-sm text-slate-600">
              And {plural(preview.goodCount - preview.good.length, 'more member', 'more members')}.
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

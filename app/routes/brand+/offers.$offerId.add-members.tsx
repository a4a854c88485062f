import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSubmit,
} from '@remix-run/react';
import { useMemo } from 'react';
import { requireBrandRole } from '~/auth/permissions.server';
import { useHydrated } from '~/components/use-hydrated';
import { useSelection } from '~/components/use-selection';
import { Button, buttonClass } from '~/components/ui/button';
import { ErrorList, inputClass } from '~/components/ui/field';
import { EmptyState } from '~/components/ui/layout';
import { Table, Th } from '~/components/ui/table';
import { parseForm } from '~/forms/parse-form';
import { badRequest, invariantResponse } from '~/http.server';
import { ARCHIVED_OFFER_NOTE } from '~/links/archived-refusals';
import {
  findOfferForLinks,
  generateLinks,
  listAddableMembers,
  listBrandProjects,
} from '~/links/generate-links.server';
import { isUuid } from '~/ids';
import { generateLinksSchema } from '~/links/schemas';
import { DEFAULT_CODE_TEMPLATE } from '~/promo-codes/promo-code-rules';
import { PromoCodeOptions } from '~/promo-codes/promo-code-options';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Add members · ${data?.offer.name ?? 'Offer'} · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const offer = await findOfferForLinks(brand.id, params.offerId ?? '');
  invariantResponse(offer, 'Offer not found');
  const url = new URL(request.url);
  const project = url.searchParams.get('project') ?? '';
  const q = url.searchParams.get('q')?.slice(0, 200) ?? '';
  const projectId = isUuid(project) ? project : null;
  // An archived offer gets no new links: the page shows why instead of the member list.
  const [projects, members] = offer.archived
    ? [[], []]
    : await Promise.all([
        listBrandProjects(brand.id),
        listAddableMembers(brand.id, offer.id, { projectId, q }),
      ]);
  return {
    offer: {
      id: offer.id,
      name: offer.name,
      archived: offer.archived,
      payoutOptions: offer.payoutOptions,
      promoDiscount: offer.promoDiscount,
      promoCodeTemplate: offer.promoCodeTemplate,
    },
    projects,
    members,
    filter: { projectId: projectId ?? '', q },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'links');
  const formData = await request.formData();
  // What was typed, so a refused form (also without JavaScript) shows it again.
  const values = {
    memberIds: formData.getAll('memberId').map(String),
    codes: Object.fromEntries(
      [...formData.entries()]
        .filter(([k, v]) => k.startsWith('code.') && typeof v === 'string')
        .map(([k, v]) => [k, String(v)]),
    ),
    codesFromTemplate: formData.get('codesFromTemplate') === 'on',
    codeTemplate: String(formData.get('codeTemplate') ?? ''),
    promoDiscount: String(formData.get('promoDiscount') ?? ''),
  };
  const parsed = parseForm(generateLinksSchema, formData);
  if (!parsed.ok) {
    // `selections.2.deepLink` → `deepLink.<that member's id>`, the field's own name on the page.
    const selectedIds = values.memberIds;
    const fieldErrors: Record<string, string[]> = {};
    for (const [key, messages] of Object.entries(parsed.fieldErrors)) {
      const row = /^selections\.(\d+)\.(\w+)$/.exec(key);
      const memberId = row ? selectedIds[Number(row[1])] : undefined;
      if (row && memberId) fieldErrors[`${row[2]}.${memberId}`] = messages;
      else if (key === 'selections') fieldErrors.form = ['Select at least one member.'];
      else fieldErrors[key] = messages;
    }
    return badRequest({ fieldErrors, values });
  }
  if (parsed.data.strayCodes.length > 0) {
    return badRequest({
      fieldErrors: Object.fromEntries(
        parsed.data.strayCodes.map((id) => [
          `code.${id}`,
          ['Select this member to add them with this code, or clear the code.'],
        ]),
      ),
      values,
    });
  }
  const result = await generateLinks(brand.id, params.offerId ?? '', parsed.data.selections, {
    fromTemplate: parsed.data.codesFromTemplate,
    template: parsed.data.codeTemplate,
    discount: parsed.data.promoDiscount,
    userId: user.id,
  });
  if (!result.ok) return badRequest({ fieldErrors: result.fieldErrors, values });
  const created = result.created + result.deepLinks;
  return redirect(`/brand/offers/${params.offerId}?generated=${created}`);
}

export default function AddMembers() {
  const { offer, projects, members, filter } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors as Record<string, string[]> | undefined;
  const typed = actionData && 'values' in actionData ? actionData.values : undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const generating = navigation.state === 'submitting' && navigation.formMethod === 'POST';
  const visibleIds = useMemo(() => members.map((m) => m.id), [members]);
  const selection = useSelection(visibleIds, typed?.memberIds);
  const hydrated = useHydrated();
  const defaultOption = offer.payoutOptions.find((o) => o.isDefault) ?? offer.payoutOptions[0];
  const intro = (
    <>
      Choose who promotes <strong>{offer.name}</strong>. Each selected member gets a unique tracking
      link; members already on the offer are not listed.
    </>
  );

  if (offer.archived) {
    return (
      <>
        <h2 className="mb-2 text-lg font-semibold">Add members</h2>
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {ARCHIVED_OFFER_NOTE}
        </p>
        <ErrorList errors={errors?.form} />
      </>
    );
  }

  return (
    <>
      <div className="mb-4">
        <h2 className="text-lg font-semibold">Add members</h2>
        <p className="mt-1 text-sm text-slate-600">{intro}</p>
      </div>

      <Form
        method="get"
        className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end"
        role="search"
        onChange={(e) => {
          if ((e.target as HTMLElement).tagName === 'SELECT') submit(e.currentTarget);
        }}
      >
        <div>
          <label htmlFor="project" className="block text-sm font-medium text-slate-800">
            Project
          </label>
          <select
            id="project"
            name="project"
            defaultValue={filter.projectId}
            className={`${inputClass} mt-1 sm:w-56`}
          >
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex-1">
          <label htmlFor="q" className="block text-sm font-medium text-slate-800">
            Search members
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filter.q}
            placeholder="Name, email, Instagram or TikTok"
            className={`${inputClass} mt-1`}
          />
        </div>
        <Button variant="secondary">Filter</Button>
      </Form>

      {members.length === 0 ? (
        <EmptyState
          title={
            filter.projectId || filter.q ? 'No members match this filter' : 'No members to add'
          }
          action={
            <Link to="/brand/members" className={buttonClass('primary')}>
              Go to members
            </Link>
          }
        >
          {filter.projectId || filter.q
            ? 'Try another project or search, or add the members you need first.'
            : 'Every member of your brand is already on this offer, or you have none yet. Create members or import them from CSV, then come back.'}
        </EmptyState>
      ) : (
        <Form method="post" noValidate>
          <ErrorList errors={errors?.form} />
          <PromoCodeOptions
            discount={typed?.promoDiscount ?? offer.promoDiscount ?? ''}
            template={typed?.codeTemplate || offer.promoCodeTemplate || DEFAULT_CODE_TEMPLATE}
            fromTemplate={typed?.codesFromTemplate ?? false}
            errors={errors}
          />
          <Table caption={`Members who can be added to ${offer.name}`}>
            <thead>
              <tr>
                <Th dense>
                  <input
                    type="checkbox"
                    aria-label={`Select all ${members.length} listed members`}
                    checked={selection.allSelected}
                    onChange={(e) => selection.toggleAll(e.target.checked)}
                  />
                </Th>
                <Th dense>Member</Th>
                <Th dense>Projects</Th>
                <Th dense>Payout option</Th>
                <Th dense>Deep link (optional)</Th>
                <Th dense>Promo code (optional)</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.map((m) => {
                const on = selection.isSelected(m.id);
                const payoutErrors = errors?.[`payout.${m.id}`];
                const deepLinkErrors = errors?.[`deepLink.${m.id}`];
                return (
                  <tr key={m.id} className={`align-top ${on ? 'bg-brand-50/40' : ''}`}>
                    <td className="px-3 py-2.5">
                      <input
                        type="checkbox"
                        id={`member-${m.id}`}
                        name="memberId"
                        value={m.id}
                        checked={on}
                        onChange={(e) => selection.toggle(m.id, e.target.checked)}
                      />
                    </td>
                    <td className="min-w-48 px-3 py-2.5">
                      <label htmlFor={`member-${m.id}`} className="font-medium text-slate-900">
                        {m.name}
                      </label>
                      <div className="text-xs text-slate-500">
                        {m.email}
                        {m.instagram ? ` · IG @${m.instagram}` : ''}
                        {m.tiktok ? ` · TikTok @${m.tiktok}` : ''}
                      </div>
                    </td>
                    <td className="px-3 py-2.5 text-slate-600">
                      {m.projects.length ? m.projects.join(', ') : '—'}
                    </td>
                    <td className="px-3 py-2.5">
                      {on ? (
                        <>
                          <select
                            name={`payout.${m.id}`}
                            aria-label={`Payout option for ${m.name}`}
                            defaultValue={defaultOption?.id}
                            className={`${inputClass} min-w-40`}
                            aria-invalid={payoutErrors ? true : undefined}
                          >
                            {offer.payoutOptions.map((o) => (
                              <option key={o.id} value={o.id}>
                                {o.title}
                                {o.isDefault ? ' (default)' : ''}
                              </option>
                            ))}
                          </select>
                          <ErrorList errors={payoutErrors} />
                        </>
                      ) : (
                        <span className="text-slate-400">{defaultOption?.title}</span>
                      )}
                    </td>
                    <td className="px-3 py-2.5">
                      {on ? (
                        <>
                          <input
                            name={`deepLink.${m.id}`}
                            type="url"
                            inputMode="url"
                            placeholder="https://…"
                            aria-label={`Deep link for ${m.name}`}
                            className={`${inputClass} min-w-56`}
                            aria-invalid={deepLinkErrors ? true : undefined}
                          />
                          <ErrorList errors={deepLinkErrors} />
                        </>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </td>
                    <td className="px-3 py-2.5">
                      {/* Always shown: without JavaScript the rows cannot open on selection. */}
                      <input
                        name={`code.${m.id}`}
                        aria-label={`Promo code for ${m.name}`}
                        defaultValue={typed?.codes[`code.${m.id}`] ?? ''}
                        autoCapitalize="characters"
                        spellCheck={false}
                        maxLength={64}
                        placeholder="e.g. MAYA15"
                        className={`${inputClass} min-w-36 uppercase`}
                        aria-invalid={errors?.[`code.${m.id}`] ? true : undefined}
                      />
                      <ErrorList errors={errors?.[`code.${m.id}`]} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <div className="sticky bottom-0 mt-4 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white/95 p-3 shadow ring-1 ring-slate-200">
            {/* Before hydration the count cannot follow the checkboxes, and the button stays
                enabled (each member gets the offer's default payout option; the server
                refuses an empty selection). */}
            <p className="text-sm text-slate-700" aria-live="polite">
              {hydrated
                ? `${selection.ids.length} of ${members.length} selected`
                : `${members.length} ${members.length === 1 ? 'member' : 'members'} listed`}
            </p>
            <Button disabled={generating || (hydrated && selection.ids.length === 0)}>
              {generating ? 'Generating…' : 'Generate Links'}
            </Button>
          </div>
        </Form>
      )}
    </>
  );
}

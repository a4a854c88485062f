import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { Button } from '~/components/ui/button';
import { ErrorList, Field } from '~/components/ui/field';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { CreatorLinkCard } from '~/creators/creator-link-card';
import { CreatorPromoCode } from '~/promo-codes/creator-promo-code';
import { activeCodesOfMember } from '~/promo-codes/promo-codes.server';
import { loadCreatorFigures, parseCreatorPeriod } from '~/creators/creator-dashboard.server';
import { CreatorPeriodFigures, EarningsStanding, LinkFigures } from '~/creators/creator-figures';
import { linkName } from '~/creators/creator-link-card';
import {
  createCreatorDeepLink,
  findCreatorOffer,
  renameCreatorLink,
} from '~/creators/creator-links.server';
import { LINK_LABEL_MAX, MAX_CREATOR_LINKS_PER_OFFER } from '~/creators/schemas';
import { invariantResponse } from '~/http.server';
import { normalizeDomain } from '~/links/destination';
import { formatPeriod } from '~/reporting/period-picker';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.offer.name ?? 'Offer'} · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const offer = await findCreatorOffer(brand.id, member.id, params.offerId ?? '');
  invariantResponse(offer, 'Offer not found');
  const input = parseCreatorPeriod(new URL(request.url).searchParams);
  const { dashboard, links, earnings } = await loadCreatorFigures(
    brand.id,
    member.id,
    input.query,
    { offerId: offer.id },
  );
  const promo = (await activeCodesOfMember(brand.id, member.id)).get(offer.id) ?? null;
  const domains = [
    new URL(offer.offerUrl).hostname.replace(/^www\./, ''),
    ...offer.additionalDomains.map((d) => normalizeDomain(d)).filter((d): d is string => !!d),
  ];
  const body = {
    brandId: brand.id,
    period: dashboard.period,
    timeZone: dashboard.timeZone,
    values: input.values,
    fieldErrors: input.fieldErrors,
    totals: dashboard.totals,
    series: dashboard.series,
    pending: earnings.pending,
    offer: {
      id: offer.id,
      name: offer.name,
      status: offer.status,
      offerUrl: offer.offerUrl,
      currency: offer.currency,
      allowCreatorDeepLinks: offer.allowCreatorDeepLinks,
      // Archived (the offer or the member): links keep working, no new ones (the builder hides).
      archived: offer.archivedAt !== null || offer.memberArchived,
      domains: [...new Set(domains)],
    },
    promo,
    links: links.map((l) => ({
      id: l.id,
      url: l.url,
      label: l.label,
      deepLink: l.deepLink,
      figures: l.figures,
    })),
  };
  return Object.keys(input.fieldErrors).length ? data(body, { status: 400 }) : body;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'rename') {
    const linkId = String(form.get('linkId') ?? '');
    const result = await renameCreatorLink(brand.id, member.id, linkId, {
      label: form.get('label'),
    });
    invariantResponse(result.ok || result.status !== 404, 'Link not found');
    if (!result.ok) {
      return data(
        { intent, linkId, fieldErrors: result.fieldErrors, values: { url: '', label: '' } },
        { status: 400 },
      );
    }
    return redirect(`/creator/${brand.id}/offers/${params.offerId}?renamed=${result.linkId}`);
  }
  invariantResponse(intent === 'create', 'Unknown action', 400);
  const values = {
    url: String(form.get('url') ?? '').slice(0, 10_000),
    label: String(form.get('label') ?? '').slice(0, 200),
  };
  const result = await createCreatorDeepLink(brand.id, member.id, params.offerId ?? '', {
    url: form.get('url'),
    label: form.get('label'),
  });
  invariantResponse(result.ok || result.status !== 404, 'Offer not found');
  if (!result.ok) {
    return data(
      { intent, linkId: null, fieldErrors: result.fieldErrors, values },
      { status: result.status },
    );
  }
  return redirect(`/creator/${brand.id}/offers/${params.offerId}?created=${result.linkId}`);
}

export default function CreatorOffer() {
  const {
    brandId,
    offer,
    promo,
    links,
    period,
    timeZone,
    values,
    fieldErrors,
    totals,
    series,
    pending,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const created = searchParams.get('created');
  const renamed = searchParams.get('renamed');
  const submitting = useNavigation().formData?.get('intent') === 'create';
  const createErrors = actionData?.intent === 'create' ? actionData.fieldErrors : undefined;
  const newLink = links.find((l) => l.id === created);
  const ordered = newLink ? [newLink, ...links.filter((l) => l !== newLink)] : links;
  return (
    <div className="space-y-6">
      <div>
        <Link to={`/creator/${brandId}`} className="text-sm font-medium text-brand-700">
          ← Dashboard
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight break-words">{offer.name}</h1>
        <p className="mt-1 text-sm break-all text-slate-600">Sends shoppers to {offer.offerUrl}</p>
        {offer.archived ? (
          <p role="note" className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900">
            The brand has archived this offer for you: your links keep working, but no new links can
            be made for it.
          </p>
        ) : offer.allowCreatorDeepLinks ? (
          <p className="mt-2 text-sm">
            <a href="#builder" className="font-medium text-brand-700 underline">
              Build a deep link to any page of the shop
            </a>
          </p>
        ) : null}
        {offer.status === 'paused' ? (
          <p className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900">
            This offer is paused: your links still open the shop, but new sales do not earn until
            the brand resumes it.
          </p>
        ) : null}
      </div>

      {newLink ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
          Your new link “{newLink.label}” is ready: copy it or download its QR code below.
        </p>
      ) : null}
      {renamed && links.some((l) => l.id === renamed) ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
          Label saved.
        </p>
      ) : null}

      {promo ? <CreatorPromoCode code={promo.code} discount={promo.discount} /> : null}

      <section aria-labelledby="links">
        <h2 id="links" className="text-lg font-semibold">
          Your links
        </h2>
        <p className="text-sm text-slate-600">
          Copy a link or download its QR code. Each link’s figures are for {formatPeriod(period)} (
          <a href="#figures" className="text-brand-700 underline">
            change the period
          </a>
          ).
        </p>
        <ul className="mt-3 space-y-3">
          {ordered.map((link) => (
            <CreatorLinkCard
              key={link.id}
              link={link}
              qrBase={`/creator/${brandId}/links`}
              highlight={link.id === created}
              figures={
                <LinkFigures
                  figures={link.figures}
                  label={linkName(link)}
                  currency={offer.currency}
                />
              }
              renameErrors={
                actionData?.intent === 'rename' && actionData.linkId === link.id
                  ? actionData.fieldErrors.label
                  : undefined
              }
            />
          ))}
        </ul>
      </section>

      {offer.allowCreatorDeepLinks && !offer.archived ? (
        <section
          aria-labelledby="builder"
          className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
        >
          <h2 id="builder" className="text-lg font-semibold">
            Build a deep link
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Paste any page on {offer.domains.join(', ')} (or a subdomain) and give it a label, like
            “Instagram bio” or “TikTok 12 March”: each link has its own figures. Up to{' '}
            {MAX_CREATOR_LINKS_PER_OFFER} links per offer.
          </p>
          {/* A fresh form after each new link (the page stays mounted across the redirect). */}
          <Form method="post" className="mt-4 space-y-4" noValidate key={created ?? 'new'}>
            <input type="hidden" name="intent" value="create" />
            <ErrorList errors={createErrors?.form} />
            <Field
              label="Page address"
              name="url"
              type="url"
              inputMode="url"
              placeholder={`https://${offer.domains[0]}/…`}
              defaultValue={actionData?.intent === 'create' ? actionData.values.url : ''}
              errors={createErrors?.url}
            />
            <Field
              label="Label"
              name="label"
              maxLength={LINK_LABEL_MAX}
              placeholder="e.g. Instagram bio"
              defaultValue={actionData?.intent === 'create' ? actionData.values.label : ''}
              errors={createErrors?.label}
            />
            <Button className="w-full sm:w-auto" disabled={submitting}>
              {submitting ? 'Creating…' : 'Create link'}
            </Button>
          </Form>
        </section>
      ) : null}
      <CreatorPeriodFigures
        title="Figures for this offer"
        period={period}
        timeZone={timeZone}
        values={values}
        fieldErrors={fieldErrors}
        totals={totals}
        currency={offer.currency}
        series={series}
      />

      <EarningsStanding due={[]} pending={pending} showDue={false}>
        <p className="mt-3 text-sm">
          <Link to={`/creator/${brandId}`} className="font-medium text-brand-700 underline">
            Your amount due and the minimum payout (all offers)
          </Link>
        </p>
      </EarningsStanding>
    </div>
  );
}

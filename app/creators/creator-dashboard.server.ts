/**
 * What a creator's dashboard and offer page show for a period: the member's figures and daily
 * series (app/reporting, the brand's reports queries filtered to the member), each of their
 * links' figures (app/reporting's per-link path), and their money as it stands now (amount due,
 * when pending commissions clear). docs/decisions/031-creator-dashboard-figures.md.
 */
import { z } from 'zod';
import { loadMemberDashboard } from '../reporting/dashboard.server';
import { listCreatorLinks } from './creator-links.server';
import { getCreatorEarnings } from './earnings.server';
import { creatorPeriodQuerySchema, type CreatorPeriodQuery } from './schemas';

export interface CreatorPeriodInput {
  query: CreatorPeriodQuery;
  /** What was typed, to show back in the form. */
  values: { period?: string; from?: string; to?: string };
  fieldErrors: Record<string, string[]>;
}

/**
 * The period of a creator page's query string. A refused one (a custom period without its dates,
 * the end before the start, too long) keeps what was typed with a message per field, and the
 * figures of the default period are shown.
 */
export function parseCreatorPeriod(searchParams: URLSearchParams): CreatorPeriodInput {
  const raw = {
    period: searchParams.get('period') ?? undefined,
    from: searchParams.get('from') ?? undefined,
    to: searchParams.get('to') ?? undefined,
  };
  const parsed = creatorPeriodQuerySchema.safeParse(raw);
  if (parsed.success) {
    return {
      query: parsed.data,
      values: { period: parsed.data.period, from: raw.from, to: raw.to },
      fieldErrors: {},
    };
  }
  const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
  if (fieldErrors.period) fieldErrors.period = ['Choose one of the periods in the list.'];
  return { query: creatorPeriodQuerySchema.parse({}), values: raw, fieldErrors };
}

/**
 * The member's figures for the period (of one offer when `offerId` is given; the caller has
 * checked it is one of theirs), their links with their own figures, and their earnings now.
 */
export async function loadCreatorFigures(
  brandId: string,
  memberId: string,
  query: CreatorPeriodQuery,
  options: { offerId?: string; now?: Date } = {},
) {
  const dashboard = await loadMemberDashboard(brandId, memberId, query, options);
  const [links, earnings] = await Promise.all([
    listCreatorLinks(brandId, memberId, { offerId: options.offerId, period: dashboard.period }),
    getCreatorEarnings(brandId, memberId, options),
  ]);
  return { dashboard, links, earnings };
}

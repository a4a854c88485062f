/**
 * The dimensions figures can be broken down and filtered by. Plain TypeScript, shared by the
 * server (queries) and the pages (labels, query strings).
 */
export const DIMENSIONS = [
  { id: 'offer', label: 'Offer' },
  { id: 'member', label: 'Member' },
  { id: 'link', label: 'Link' },
  { id: 'project', label: 'Project' },
  { id: 'device', label: 'Device' },
  { id: 'country', label: 'Country' },
  { id: 'referrer', label: 'Referrer domain' },
  { id: 'sub1', label: 'Sub ID 1' },
  { id: 'sub2', label: 'Sub ID 2' },
  { id: 'sub3', label: 'Sub ID 3' },
  { id: 'sub4', label: 'Sub ID 4' },
  { id: 'sub5', label: 'Sub ID 5' },
] as const;

export type Dimension = (typeof DIMENSIONS)[number]['id'];
export const DIMENSION_IDS = DIMENSIONS.map((d) => d.id) as [Dimension, ...Dimension[]];

/** Dimensions whose values are row ids (offers, members, links, projects). */
export const ID_DIMENSIONS: ReadonlySet<Dimension> = new Set([
  'offer',
  'member',
  'link',
  'project',
]);

export function dimensionLabel(dimension: Dimension): string {
  return DIMENSIONS.find((d) => d.id === dimension)?.label ?? dimension;
}

/** One value per dimension at most: the rows that count must match every filter. */
export type Filters = Partial<Record<Dimension, string>>;

export const DEVICE_LABELS: Record<string, string> = {
  desktop: 'Desktop',
  mobile: 'Mobile',
  tablet: 'Tablet',
  bot: 'Bot',
  other: 'Other or unknown',
};

/** What a breakdown can be sorted by. */
export const SORTS = [
  { id: 'clicks', label: 'Clicks' },
  { id: 'unique_clicks', label: 'Unique clicks' },
  { id: 'conversions', label: 'Conversions' },
  { id: 'conversion_rate', label: 'Conversion rate' },
  { id: 'sales', label: 'Sales' },
  { id: 'commission', label: 'Commission' },
  { id: 'epc', label: 'Earnings per click' },
] as const;

export type SortKey = (typeof SORTS)[number]['id'];
export const SORT_IDS = SORTS.map((s) => s.id) as [SortKey, ...SortKey[]];

/**
 * How many values of a click attribute the rollups keep per brand and month for a breakdown or a
 * filter read with these other filters (docs/decisions/058-top-values.md): the values beyond are
 * counted together in "All others". Null: every value is kept. Mirrors `stats_value_cap`.
 */
export function keptValues(
  dimension: Dimension,
  filters: Filters,
  by: Dimension | null = null,
): number | null {
  if (dimension === 'device' || ID_DIMENSIONS.has(dimension)) return null;
  const has = (d: Dimension) => filters[d] !== undefined || by === d;
  if (has('member') || has('project') || has('link')) return dimension === 'country' ? 10 : null;
  if (has('offer')) return 20;
  return dimension === 'country' ? null : 100;
}

/**
 * The sentences that say which figures count only a month's top values (the breakdown's
 * attribute, a filter on an attribute), or null.
 */
export function keptValuesNote(by: Dimension | null, filters: Filters): string | null {
  const parts: string[] = [];
  if (by) {
    const n = keptValues(by, filters);
    if (n !== null) {
      parts.push(
        `${dimensionLabel(by)}: the brand's top ${n} values of each month have their own rows; the rest of the month is counted in All others.`,
      );
    }
  }
  for (const [dimension, value] of Object.entries(filters) as [Dimension, string][]) {
    if (value === undefined) continue;
    const n = keptValues(dimension, { ...filters, [dimension]: undefined }, by);
    if (n !== null) {
      parts.push(
        `${dimensionLabel(dimension)} “${value}” is counted in the months where it is among the brand's top ${n} values (the totals without this filter count everything).`,
      );
    }
  }
  return parts.length ? parts.join(' ') : null;
}

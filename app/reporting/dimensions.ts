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

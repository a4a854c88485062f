/**
 * The reports page's query string: period, breakdown, sort and filters. Shared by the loader
 * (parsing) and the page (links that change one thing and keep the rest).
 */
import { z } from 'zod';
import { DIMENSION_IDS, ID_DIMENSIONS, SORT_IDS, type Dimension, type Filters } from './dimensions';
import { periodFields, refinePeriod } from './period';

/** Breakdown rows shown on the page (the CSV export has them all). */
export const BREAKDOWN_ROWS = 100;

const filterValue = z.string().max(500).optional();
/** An id filter's "All …" choice of the page's dropdowns sends an empty value: no filter. */
const idFilterValue = z.preprocess((v) => (v === '' ? undefined : v), filterValue);

export const reportQuerySchema = z
  .object({
    ...periodFields,
    by: z.enum(DIMENSION_IDS).default('offer'),
    sort: z.enum(SORT_IDS).default('clicks'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    ...(Object.fromEntries(
      DIMENSION_IDS.map((d) => [d, ID_DIMENSIONS.has(d) ? idFilterValue : filterValue]),
    ) as Record<Dimension, typeof filterValue>),
  })
  .superRefine(refinePeriod);

export type ReportQuery = z.output<typeof reportQuerySchema>;

export function filtersOf(query: Partial<Record<Dimension, string | undefined>>): Filters {
  const filters: Filters = {};
  for (const d of DIMENSION_IDS) {
    const value = query[d];
    if (typeof value === 'string') filters[d] = value;
  }
  return filters;
}

/** `?…` for the current query with some parameters changed (undefined removes one). */
export function withParams(
  current: URLSearchParams | string,
  changes: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Keeping the reporting rollups (`stats_hours`, `stats_offers`, `stats_links`, `stats_values`,
 * `stats_offer_values`, `stats_member_values`) up to date (docs/decisions/018-reporting-rollups.md,
 * 040-narrow-rollups.md, 058-top-values.md, 059-fold-by-batch.md). Conversions and statements record their changes as
 * deltas through triggers in the changing transaction; clicks are found by the fold itself,
 * off the redirect's path: those committed since the previous fold's snapshot. `foldStats()`
 * adds both into the rollups in one transaction; it runs as the `reporting__fold` job every
 * couple of seconds, and is safe to run from several workers at once (one folds, the others
 * return at once) and again after a crash (nothing is counted twice or lost).
 */
import { sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';

/**
 * How long after it was made a click written without a batch row may still be committed and
 * counted. The click writer records each batch's earliest click time in `stats_click_batches`
 * (in the batch's transaction), and each fold reads the clicks made since the earliest batch it
 * has not folded, however late (a writer catching up after the database was unreachable); the
 * slack is for clicks written otherwise (scripts, tests, benchmarks). Each fold reads from the
 * earlier of the two (docs/decisions/059-fold-by-batch.md): at 2,000 clicks/s a 10-minute window
 * was 1.2M rows scanned by every fold.
 */
export const CLICK_SLACK = '1 minute';

/** How often the fold job runs. */
export const FOLD_EVERY_MS = 2_000;

/**
 * Folds new clicks and waiting deltas into the rollups. Returns the hourly rows touched, or -1
 * when another fold was running (it folds what this one would have). `slack` widens the window
 * of click times read (tests and imports that write clicks of days ago).
 */
export async function foldStats(options: { slack?: string } = {}, tx: Tx = db): Promise<number> {
  const slack = options.slack ?? CLICK_SLACK;
  const [row] = (await tx.execute(
    sql`select stats_fold(${slack}::interval)::int8 as touched`,
  )) as unknown as { touched: string }[];
  return Number(row.touched);
}

/**
 * Recomputes a brand's rollups from its raw clicks and conversions (after its time zone changed:
 * the day rollups are kept in the brand's days). Clicks dropped by retention are not counted again.
 */
export async function rebuildDailyStats(brandId: string, tx: Tx = db): Promise<void> {
  await tx.transaction(async (t) => {
    await t.execute(sql`select stats_rebuild_brand(${brandId}::uuid)`);
    await t.execute(sql`select stats_conversion_rebuild_brand(${brandId}::uuid)`);
  });
}

import { eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { brands } from '../../db/schema';
import { enqueue } from '../jobs/enqueue.server';

/**
 * Sets the time zone of the brand's reports. Days already rolled up are rebuilt in the new zone
 * by a job queued in the same transaction (a rolled-back change queues nothing).
 */
export async function setReportingTimeZone(brandId: string, timeZone: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ timeZone: brands.timeZone })
      .from(brands)
      .where(eq(brands.id, brandId))
      .for('update');
    if (!before) return false;
    if (before.timeZone === timeZone) return true;
    await tx.update(brands).set({ timeZone }).where(eq(brands.id, brandId));
    await enqueue(
      tx,
      'reporting__rebuild_daily',
      { brandId },
      { jobKey: `reporting__rebuild_daily:${brandId}` },
    );
    return true;
  });
}

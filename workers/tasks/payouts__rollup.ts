import { brandsToRollUp, runRecordedRollup } from '../../app/payouts/rollup.server';
import { defineTask } from '../define-task';

/**
 * The payout rollup: hourly over every brand with work (the crontab), or one brand's run queued
 * by "Run now" on the Payouts page. Each brand is rolled up in its own transaction under its
 * ledger lock, so runs overlapping each other, new conversions, reversals and payments are safe.
 */
export default defineTask('payouts__rollup', async (payload, helpers) => {
  const brandIds = payload.brandId ? [payload.brandId] : await brandsToRollUp();
  for (const brandId of brandIds) {
    const counts = await runRecordedRollup(brandId, payload.brandId ? payload.runId : undefined);
    if (counts && counts.placed > 0) {
      helpers.logger.info(
        `brand ${brandId}: approved ${counts.approved}, placed ${counts.placed} line(s) in ${counts.statements} statement(s) in ${counts.ms} ms`,
      );
    }
  }
});

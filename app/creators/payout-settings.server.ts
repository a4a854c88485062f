import { sql } from 'drizzle-orm';
import { db } from '../../db/client';
import type { PayoutSettings } from './payout-settings';

/** The signed-in creator's payout settings (their member row at this brand). */
export async function getPayoutSettings(memberId: string) {
  const [row] = await db.execute<{ payout_email: string | null; notify_paid: boolean }>(sql`
    select payout_email, notify_paid from members where id = ${memberId}`);
  return { payoutEmail: row?.payout_email ?? null, notifyPaid: row?.notify_paid ?? true };
}

/** Saves them; the brand's Payouts pages and PayPal files use the payout email from now on. */
export async function savePayoutSettings(memberId: string, settings: PayoutSettings) {
  await db.execute(sql`
    update members set payout_email = ${settings.payoutEmail}, notify_paid = ${settings.notifyPaid}
     where id = ${memberId}`);
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '../../db/client';
import { isUuid } from '../ids';
import { DEFAULT_CURRENCY, formatMoney, isCurrencyCode } from '../money/money';
import {
  actorApiKeyId,
  actorUserId,
  refreshPayable,
  withLedger,
  type Actor,
} from './ledger.server';
import { PayoutError } from './payout-error';
import { periodLabel, type ShownStatementInput } from './payouts-page-schemas';
import { paymentSchema, type PaymentInput } from './schemas';

/** A statement as the caller showed it: its id and the total shown (minor units). */
export type ShownStatement = ShownStatementInput;

export interface PaidStatement {
  id: string;
  memberId: string;
  periodStart: string;
  currency: string;
  amountMinor: number;
  payoutId: string;
}

/** One payment: a member's net balance in one currency, settling all its statements. */
export interface Payout {
  id: string;
  memberId: string;
  memberName: string;
  currency: string;
  /** The money sent: the sum of the statements it settles (> 0). */
  amountMinor: number;
  statementIds: string[];
}

export interface MarkedPaid {
  payouts: Payout[];
  statements: PaidStatement[];
}

const MAX_STATEMENTS = 5_000;

type LockedStatement = {
  id: string;
  member_id: string;
  member_name: string;
  has_payout_email: boolean;
  period_start: string;
  currency: string;
  amount_minor: string;
  status: 'open' | 'carried_forward' | 'paid';
  paid_on: string | null;
};

function label(s: LockedStatement): string {
  return `${s.member_name}'s ${s.period_start.slice(0, 7)} ${s.currency} statement`;
}

const balanceKey = (s: { member_id: string; currency: string }) => `${s.member_id}:${s.currency}`;

/** The statements a caller showed, checked: ids, whole minor units, each id once. */
function checkShown(shown: readonly ShownStatement[]): Map<string, number> {
  const byId = new Map<string, number>();
  for (const s of shown) {
    const id = String(s.id).toLowerCase();
    if (!Number.isSafeInteger(s.amountMinor)) {
      throw new PayoutError('invalid_input', 'Each statement needs the total you were shown.');
    }
    if (byId.has(id) && byId.get(id) !== s.amountMinor) {
      throw new PayoutError('invalid_input', 'A statement was given twice with two totals.');
    }
    byId.set(id, s.amountMinor);
  }
  if (byId.size === 0) throw new PayoutError('invalid_input', 'Select at least one statement.');
  if (byId.size > MAX_STATEMENTS) {
    throw new PayoutError(
      'invalid_input',
      `At most ${MAX_STATEMENTS.toLocaleString('en')} statements can be marked paid at once.`,
    );
  }
  return byId;
}

/**
 * Marks a member's balance paid: what a brand pays a member in a currency is the net of **all**
 * their unpaid statements in it (a clawback's negative statement lowers it), so a payment settles
 * every one of them, negative ones included, and is recorded as one payout of that net (decision
 * 036). `shown` is what the caller showed the brand: each statement of the payment with the total
 * it showed (decision 037) — for every member and currency concerned, exactly that member's
 * unpaid statements in that currency, with those totals, or the payment is refused as `changed`
 * ("The total changed from $26.02 to $25.00 since you opened this page. Nothing was marked
 * paid."): a line removed or added since the page was opened, a new month's statement, a payment
 * by someone else. All or nothing: an unknown id or another brand's → 404; a statement already
 * paid, a balance carried forward (below the minimum payout, or not positive) → a refusal that
 * names it. With `paypalOnlyWithAddress` (many members at once, typically after the PayPal file,
 * which leaves out members without a payout email), PayPal is refused for a member who has given
 * no payout email: they were not in the file (decision 036). One member's own statement page says
 * they have no PayPal address and starts at another method; PayPal chosen there is deliberate.
 * A paid statement and a payout never change again (database triggers refuse it). Returns what
 * was paid, for the caller to queue the "you were paid" emails in the same transaction.
 */
export async function markStatementsPaid(
  tx: Tx,
  brandId: string,
  shown: readonly ShownStatement[],
  payment: PaymentInput,
  actor: Actor,
  options: { now?: Date; paypalOnlyWithAddress?: boolean } = {},
): Promise<MarkedPaid> {
  const parsed = paymentSchema.safeParse(payment);
  if (!parsed.success) {
    throw new PayoutError('invalid_input', 'Check the payment details.', {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  const expected = checkShown(shown);
  const ids = [...expected.keys()];
  const now = options.now ?? new Date();
  const { paidOn, method, reference } = parsed.data;
  return withLedger(tx, brandId, actor, async (t) => {
    const columns = sql`
      s.id, s.member_id, m.name as member_name, m.payout_email is not null as has_payout_email,
      s.period_start::text as period_start, s.currency, s.amount_minor::text as amount_minor,
      s.status, s.paid_on::text as paid_on`;
    const rows = ids.some((id) => !isUuid(id))
      ? []
      : await t.execute<LockedStatement>(sql`
          select ${columns}
            from statements s join members m on m.id = s.member_id
           where s.brand_id = ${brandId} and s.id = any(${sql.param(ids)}::uuid[])
           order by s.id
             for update of s`);
    if (rows.length < ids.length) {
      const found = new Set(rows.map((s) => s.id));
      const missing = ids.filter((id) => !found.has(id));
      // A statement the page showed that no longer exists anywhere was emptied (its lines
      // rejected or reversed) and removed since: the figures changed. Another brand's, or none
      // of the brand's at all: not found.
      const elsewhere =
        rows.length === 0 || missing.some((id) => !isUuid(id))
          ? [missing[0]]
          : await t.execute(
              sql`select 1 from statements where id = any(${sql.param(missing)}::uuid[]) limit 1`,
            );
      if (elsewhere.length) {
        throw new PayoutError(
          'not_found',
          missing.length === 1
            ? 'Statement not found.'
            : `${missing.length} of the selected statements were not found.`,
        );
      }
      throw new PayoutError(
        'changed',
        `${missing.length === 1 ? 'A statement' : `${missing.length} statements`} shown ${missing.length === 1 ? 'was' : 'were'} emptied (lines rejected or reversed) and removed since you opened this page. Nothing was marked paid.`,
        { ids: missing },
      );
    }
    const paid = rows.filter((s) => s.status === 'paid');
    if (paid.length) {
      const more = paid.length > 3 ? ` (and ${paid.length - 3} more)` : '';
      throw new PayoutError(
        'already_paid',
        `${paid
          .slice(0, 3)
          .map((s) => `${label(s)} was already paid on ${s.paid_on}`)
          .join('; ')}${more}. Nothing was marked paid.`,
        { ids: paid.map((s) => s.id) },
      );
    }

    // Every unpaid statement of the members and currencies concerned: the balances to settle.
    const keys = [...new Map(rows.map((s) => [balanceKey(s), s])).values()];
    const unpaid = await t.execute<LockedStatement>(sql`
      select ${columns}
        from statements s join members m on m.id = s.member_id
       where s.brand_id = ${brandId} and s.status <> 'paid'
         and (s.member_id, s.currency) in (
           select * from unnest(${sql.param(keys.map((k) => k.member_id))}::uuid[],
                                ${sql.param(keys.map((k) => k.currency))}::text[]))
       order by s.member_id, s.currency, s.period_start
         for update of s`);
    const balances = new Map<string, LockedStatement[]>();
    for (const s of unpaid) {
      const list = balances.get(balanceKey(s)) ?? [];
      list.push(s);
      balances.set(balanceKey(s), list);
    }
    const shownByBalance = new Map<string, number>();
    for (const s of rows) {
      const key = balanceKey(s);
      shownByBalance.set(key, (shownByBalance.get(key) ?? 0) + expected.get(s.id)!);
    }

    // What the caller showed must be what is owed now: the same statements, the same totals.
    const changed = [...balances.entries()].flatMap(([key, list]) => {
      const same =
        list.every((s) => expected.get(s.id) === Number(s.amount_minor)) &&
        list.length === rows.filter((s) => balanceKey(s) === key).length;
      if (same) return [];
      const first = list[0];
      return [
        {
          first,
          list,
          wasMinor: shownByBalance.get(key) ?? 0,
          nowMinor: list.reduce((sum, s) => sum + Number(s.amount_minor), 0),
        },
      ];
    });
    if (changed.length) {
      const only = keys.length === 1;
      const says = changed.slice(0, 3).map(({ first, wasMinor, nowMinor }) => {
        const who = only ? 'The total' : `${first.member_name}'s total in ${first.currency}`;
        return wasMinor === nowMinor
          ? `${only ? 'The statements' : `${first.member_name}'s statements in ${first.currency}`} changed (the total is still ${formatMoney(nowMinor, first.currency)})`
          : `${who} changed from ${formatMoney(wasMinor, first.currency)} to ${formatMoney(nowMinor, first.currency)}`;
      });
      const more = changed.length > 3 ? ` (and ${changed.length - 3} more)` : '';
      throw new PayoutError(
        'changed',
        `${says.join('; ')}${more} since you opened this page. Nothing was marked paid.`,
        { ids: changed.flatMap((c) => c.list.map((s) => s.id)) },
      );
    }

    const carried = [...balances.values()].filter((list) => list.some((s) => s.status !== 'open'));
    if (carried.length) {
      const say = (list: LockedStatement[]) => {
        const net = list.reduce((sum, s) => sum + Number(s.amount_minor), 0);
        const s = list[0];
        return net > 0
          ? `${s.member_name}'s ${s.currency} balance (${formatMoney(net, s.currency)}) is carried forward: it is below your minimum payout`
          : `${s.member_name}'s ${s.currency} balance (${formatMoney(net, s.currency)}) is carried forward: there is nothing to pay until new earnings cover it`;
      };
      const more = carried.length > 3 ? ` (and ${carried.length - 3} more)` : '';
      throw new PayoutError(
        'not_payable',
        `${carried.slice(0, 3).map(say).join('; ')}${more}. Nothing was marked paid.`,
        { ids: carried.flatMap((list) => list.map((s) => s.id)) },
      );
    }

    if (method === 'paypal' && options.paypalOnlyWithAddress) {
      const noAddress = [...balances.values()]
        .map((list) => list[0])
        .filter((s) => !s.has_payout_email);
      if (noAddress.length) {
        const names = [...new Set(noAddress.map((s) => s.member_name))];
        const who =
          names.length === 1
            ? `${names[0]} has`
            : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} have`;
        const message = `${who} given no PayPal address, so ${names.length === 1 ? 'is' : 'are'} not in the PayPal file. Mark ${names.length === 1 ? 'them' : 'each'} paid on ${names.length === 1 ? 'their' : 'their own'} statement page with the method you used.`;
        throw new PayoutError('invalid_input', `${message} Nothing was marked paid.`, {
          fieldErrors: { method: [message] },
          ids: noAddress.map((s) => s.id),
        });
      }
    }

    const at = sql`${now.toISOString()}::timestamptz`;
    const userId = actorUserId(actor);
    const apiKeyId = actorApiKeyId(actor);
    const payouts: Payout[] = [];
    const statements: PaidStatement[] = [];
    const list = [...balances.values()];
    const inserted = await t.execute<{ id: string; member_id: string; currency: string }>(sql`
      insert into payouts (brand_id, member_id, currency, amount_minor, statement_count, paid_on,
                           payment_method, payment_reference, paid_at, paid_by_user_id,
                           paid_by_api_key_id)
      select ${brandId}::uuid, x.member_id, x.currency, x.amount, x.n, ${paidOn}::date,
             ${method}::payment_method, ${reference ?? null}::text, ${at}, ${userId}::uuid,
             ${apiKeyId}::uuid
        from unnest(${sql.param(list.map((l) => l[0].member_id))}::uuid[],
                    ${sql.param(list.map((l) => l[0].currency))}::text[],
                    ${sql.param(list.map((l) => String(l.reduce((sum, s) => sum + Number(s.amount_minor), 0))))}::bigint[],
                    ${sql.param(list.map((l) => l.length))}::int[])
             as x(member_id, currency, amount, n)
      returning id, member_id, currency`);
    const payoutOf = new Map(inserted.map((p) => [balanceKey(p), p.id]));
    for (const l of list) {
      const payoutId = payoutOf.get(balanceKey(l[0]))!;
      payouts.push({
        id: payoutId,
        memberId: l[0].member_id,
        memberName: l[0].member_name,
        currency: l[0].currency,
        amountMinor: l.reduce((sum, s) => sum + Number(s.amount_minor), 0),
        statementIds: l.map((s) => s.id),
      });
      for (const s of l) {
        statements.push({
          id: s.id,
          memberId: s.member_id,
          periodStart: s.period_start,
          currency: s.currency,
          amountMinor: Number(s.amount_minor),
          payoutId,
        });
      }
    }
    await t.execute(sql`
      update statements s
         set status = 'paid', paid_on = ${paidOn}::date, payment_method = ${method}::payment_method,
             payment_reference = ${reference ?? null}::text, paid_at = ${at},
             paid_by_user_id = ${userId}::uuid, paid_by_api_key_id = ${apiKeyId}::uuid,
             payout_id = x.payout_id, updated_at = ${at}
        from unnest(${sql.param(statements.map((s) => s.id))}::uuid[],
                    ${sql.param(statements.map((s) => s.payoutId))}::uuid[]) as x(id, payout_id)
       where s.brand_id = ${brandId} and s.id = x.id`);
    await refreshPayable(t, brandId, [...new Set(statements.map((s) => s.memberId))], now);
    return { payouts, statements };
  });
}

/** "January 2027 and February 2027" for statements' period starts (oldest first). */
export function periodsLabel(periodStarts: readonly string[]): string {
  const labels = [...new Set([...periodStarts].sort())].map(periodLabel);
  return labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/**
 * Sets the brand's minimum payout in each currency given (minor units of that currency; 0 = no
 * minimum) and re-decides which unpaid statements are payable. Currencies not given keep theirs.
 */
export async function setMinimumPayouts(
  tx: Tx,
  brandId: string,
  minimums: Readonly<Record<string, number>>,
  actor: Actor,
  options: { now?: Date } = {},
): Promise<void> {
  const entries = Object.entries(minimums);
  const fieldErrors: Record<string, string[]> = {};
  for (const [currency, minor] of entries) {
    if (!isCurrencyCode(currency)) {
      fieldErrors[`minimum.${currency}`] = [`${currency} is not a currency code.`];
    } else if (!Number.isSafeInteger(minor) || minor < 0) {
      fieldErrors[`minimum.${currency}`] = ['The minimum payout must be 0 or more.'];
    }
  }
  if (entries.length > 200) fieldErrors.form = ['At most 200 currencies.'];
  if (Object.keys(fieldErrors).length) {
    throw new PayoutError('invalid_input', 'Check the minimum payouts: each is 0 or more.', {
      fieldErrors,
    });
  }
  if (entries.length === 0) return;
  const now = options.now ?? new Date();
  await withLedger(tx, brandId, actor, async (t) => {
    await t.execute(sql`
      insert into minimum_payouts (brand_id, currency, minimum_minor, updated_at)
      select ${brandId}::uuid, x.currency, x.minor, ${now.toISOString()}::timestamptz
        from unnest(${sql.param(entries.map(([c]) => c))}::text[],
                    ${sql.param(entries.map(([, m]) => String(m)))}::bigint[]) as x(currency, minor)
      on conflict (brand_id, currency) do update
        set minimum_minor = excluded.minimum_minor, updated_at = excluded.updated_at
        where minimum_payouts.minimum_minor <> excluded.minimum_minor`);
    await refreshPayable(t, brandId, 'all', now);
  });
}

/** The brand's minimum payout per currency, in minor units (a currency not listed has none). */
export async function minimumPayoutsOf(brandId: string): Promise<Record<string, number>> {
  const rows = await db.execute<{ currency: string; minor: string }>(sql`
    select currency, minimum_minor::text as minor from minimum_payouts
     where brand_id = ${brandId} order by currency`);
  return Object.fromEntries(rows.map((r) => [r.currency, Number(r.minor)]));
}

/**
 * The currencies the brand pays in, for the minimum payouts on Settings: the default currency
 * (DEFAULT_CURRENCY) first, then every currency of its offers (archived ones too), statements and
 * minimums, alphabetically.
 */
export async function payoutCurrencies(brandId: string): Promise<string[]> {
  const rows = await db.execute<{ currency: string }>(sql`
    select currency from offers where brand_id = ${brandId}
    union select currency from statements where brand_id = ${brandId}
    union select currency from minimum_payouts where brand_id = ${brandId}`);
  const others = rows
    .map((r) => r.currency)
    .filter((c) => c !== DEFAULT_CURRENCY)
    .sort();
  return [DEFAULT_CURRENCY, ...others];
}

/** The Settings page's save: setMinimumPayouts in its own transaction. */
export function saveMinimumPayouts(
  brandId: string,
  minimums: Readonly<Record<string, number>>,
  actor: Actor,
) {
  return setMinimumPayouts(db, brandId, minimums, actor);
}

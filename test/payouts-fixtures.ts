/**
 * Test data for the money ledger: a brand with members, offers (holding periods, currencies) and
 * links, conversions inserted as the conversion writer stores them (pending, with their
 * commission), and checkLedger(), which states the ledger's invariants.
 */
import { sql } from 'drizzle-orm';
import { db } from '../db/client';
import { createBrandWithUser, createLink, createMember, createOffer } from '../seed/factories';
import { conversions } from '../db/schema';

let orders = 0;

export async function ledgerSetup(
  options: {
    members?: number;
    offers?: { holdingPeriodDays?: number; currency?: string }[];
    /** The brand's minimum payout per currency, in minor units ({ USD: 5000 }). */
    minimumPayouts?: Record<string, number>;
  } = {},
) {
  const { brand, user } = await createBrandWithUser();
  for (const [currency, minor] of Object.entries(options.minimumPayouts ?? {})) {
    await db.execute(sql`
      insert into minimum_payouts (brand_id, currency, minimum_minor)
      values (${brand.id}, ${currency}, ${minor})`);
  }
  const members = [];
  for (let i = 0; i < (options.members ?? 2); i++) members.push(await createMember(brand.id));
  const offerList: {
    offer: Awaited<ReturnType<typeof createOffer>>['offer'];
    payouts: Awaited<ReturnType<typeof createOffer>>['payouts'];
    links: Awaited<ReturnType<typeof createLink>>[];
  }[] = [];
  for (const o of options.offers ?? [{}]) {
    const { offer, payouts } = await createOffer(brand.id, {
      holdingPeriodDays: o.holdingPeriodDays ?? 0,
      currency: o.currency ?? 'USD',
    });
    const memberLinks = [];
    for (const member of members) {
      memberLinks.push(
        await createLink({
          brandId: brand.id,
          offerId: offer.id,
          memberId: member.id,
          payoutOptionId: payouts[0].id,
        }),
      );
    }
    offerList.push({ offer, payouts, links: memberLinks });
  }

  /** A pending conversion of `member` on `offer` (indexes), with its commission. */
  async function convert(input: {
    member?: number;
    offer?: number;
    commissionMinor: number;
    createdAt?: Date;
    status?: 'pending' | 'refused';
  }) {
    const o = offerList[input.offer ?? 0];
    const link = o.links[input.member ?? 0];
    const [row] = await db
      .insert(conversions)
      .values({
        brandId: brand.id,
        offerId: o.offer.id,
        linkId: link.id,
        memberId: link.memberId,
        payoutOptionId: o.payouts[0].id,
        orderId: `ORD-${++orders}`,
        amountMinor: input.commissionMinor * 10,
        currency: o.offer.currency,
        commissionMinor: input.commissionMinor,
        status: input.status ?? 'pending',
        reason: input.status === 'refused' ? 'duplicate_order' : null,
        source: 'postback',
        createdAt: input.createdAt ?? new Date(),
      })
      .returning();
    return row;
  }

  return { brand, user, members, offers: offerList, convert };
}

export interface LedgerFigures {
  memberId: string;
  currency: string;
  paid: number;
  due: number;
  carriedForward: number;
  unplaced: number;
  approved: number;
}

/**
 * Checks the ledger of a brand and returns its figures per member and currency. Throws when an
 * invariant fails: a statement's total is not the sum of its lines; an unpaid statement holds a
 * line that is not an approved commission; paid + due + carried forward + not yet placed differs
 * from the approved commissions (reversals of paid ones count through their clawbacks); a
 * statement's status disagrees with the minimum payout.
 */
export async function checkLedger(brandId: string): Promise<LedgerFigures[]> {
  const badTotals = await db.execute(sql`
    select s.id, s.amount_minor,
           coalesce((select sum(c.commission_minor) from conversions c where c.statement_id = s.id), 0)
         + coalesce((select sum(a.amount_minor) from statement_adjustments a where a.statement_id = s.id), 0)
           as lines
      from statements s where s.brand_id = ${brandId}
     group by s.id
    having s.amount_minor <> coalesce((select sum(c.commission_minor) from conversions c where c.statement_id = s.id), 0)
         + coalesce((select sum(a.amount_minor) from statement_adjustments a where a.statement_id = s.id), 0)`);
  if (badTotals.length)
    throw new Error(`statement totals differ from their lines: ${JSON.stringify(badTotals)}`);
  const badLines = await db.execute(sql`
    select c.id, c.status, s.status as statement_status from conversions c
      join statements s on s.id = c.statement_id
     where c.brand_id = ${brandId}
       and not (c.status = 'approved' or (c.status = 'reversed' and s.status = 'paid'))`);
  if (badLines.length) throw new Error(`bad statement lines: ${JSON.stringify(badLines)}`);
  const badClawbacks = await db.execute(sql`
    select a.id from statement_adjustments a
      join conversions c on c.id = a.conversion_id
      left join statements s on s.id = c.statement_id
     where a.brand_id = ${brandId}
       and (c.status <> 'reversed' or s.status is distinct from 'paid' or a.amount_minor <> -c.commission_minor
            or a.statement_id = c.statement_id)`);
  if (badClawbacks.length) throw new Error(`bad clawbacks: ${JSON.stringify(badClawbacks)}`);
  const rows = await db.execute<{
    member_id: string;
    currency: string;
    paid: string;
    due: string;
    carried: string;
    unplaced: string;
    approved: string;
  }>(sql`
    with keys as (
      select member_id, currency from statements where brand_id = ${brandId}
      union select member_id, currency from conversions
       where brand_id = ${brandId} and member_id is not null and status in ('approved', 'reversed')
    )
    select k.member_id, k.currency,
      coalesce((select sum(amount_minor) from statements s where s.brand_id = ${brandId}
                 and s.member_id = k.member_id and s.currency = k.currency and s.status = 'paid'), 0) as paid,
      coalesce((select sum(amount_minor) from statements s where s.brand_id = ${brandId}
                 and s.member_id = k.member_id and s.currency = k.currency and s.status = 'open'), 0) as due,
      coalesce((select sum(amount_minor) from statements s where s.brand_id = ${brandId}
                 and s.member_id = k.member_id and s.currency = k.currency
                 and s.status = 'carried_forward'), 0) as carried,
      coalesce((select sum(commission_minor) from conversions c where c.brand_id = ${brandId}
                 and c.member_id = k.member_id and c.currency = k.currency
                 and c.status = 'approved' and c.statement_id is null), 0)
      + coalesce((select sum(amount_minor) from statement_adjustments a where a.brand_id = ${brandId}
                 and a.member_id = k.member_id and a.currency = k.currency
                 and a.statement_id is null), 0) as unplaced,
      coalesce((select sum(commission_minor) from conversions c where c.brand_id = ${brandId}
                 and c.member_id = k.member_id and c.currency = k.currency
                 and c.status = 'approved'), 0) as approved
    from keys k order by k.member_id, k.currency`);
  const figures = rows.map((r) => ({
    memberId: r.member_id,
    currency: r.currency,
    paid: Number(r.paid),
    due: Number(r.due),
    carriedForward: Number(r.carried),
    unplaced: Number(r.unplaced),
    approved: Number(r.approved),
  }));
  for (const f of figures) {
    if (f.paid + f.due + f.carriedForward + f.unplaced !== f.approved) {
      throw new Error(`paid + due + carried forward + unplaced <> approved: ${JSON.stringify(f)}`);
    }
  }
  const badStatus = await db.execute(sql`
    with b as (
      select member_id, currency, sum(amount_minor) as balance from statements
       where brand_id = ${brandId} and status <> 'paid' group by 1, 2
    )
    select s.id, s.status, b.balance from statements s join b using (member_id, currency)
      left join minimum_payouts mp on mp.brand_id = s.brand_id and mp.currency = s.currency
     where s.brand_id = ${brandId} and s.status <> 'paid'
       and s.status <> (case when b.balance > 0 and b.balance >= coalesce(mp.minimum_minor, 0)
                             then 'open' else 'carried_forward' end)::statement_status`);
  if (badStatus.length)
    throw new Error(`statement statuses disagree with the minimum: ${JSON.stringify(badStatus)}`);
  // Money sent = what was settled (decision 036): every paid statement belongs to a payout of
  // its member and currency; each payout is the sum of the statements it settled (the net of
  // the member's unpaid statements then, clawbacks included) and is more than 0; so per member
  // and currency the payouts add up to the paid statements: the approved commissions paid less
  // the clawbacks settled.
  const badPayouts = await db.execute(sql`
    select p.id, p.amount_minor, p.statement_count,
           (select coalesce(sum(s.amount_minor), 0) from statements s where s.payout_id = p.id)
             as settled,
           (select count(*) from statements s where s.payout_id = p.id) as n
      from payouts p
     where p.brand_id = ${brandId}
       and (p.amount_minor <= 0
            or p.amount_minor <> (select coalesce(sum(s.amount_minor), 0) from statements s
                                   where s.payout_id = p.id)
            or p.statement_count <> (select count(*) from statements s where s.payout_id = p.id)
            or exists (select 1 from statements s where s.payout_id = p.id
                        and (s.member_id <> p.member_id or s.currency <> p.currency
                             or s.status <> 'paid')))`);
  if (badPayouts.length) throw new Error(`bad payouts: ${JSON.stringify(badPayouts)}`);
  const unsettled = await db.execute(sql`
    select id from statements
     where brand_id = ${brandId} and status = 'paid' and payout_id is null`);
  if (unsettled.length)
    throw new Error(`paid statements without a payout: ${JSON.stringify(unsettled)}`);
  const sent = await db.execute<{ member_id: string; currency: string; sent: string }>(sql`
    select member_id, currency, sum(amount_minor)::text as sent from payouts
     where brand_id = ${brandId} group by 1, 2`);
  for (const f of figures) {
    const money = Number(
      sent.find((r) => r.member_id === f.memberId && r.currency === f.currency)?.sent ?? 0,
    );
    if (money !== f.paid) {
      throw new Error(`money sent ${money} <> paid statements ${f.paid}: ${JSON.stringify(f)}`);
    }
  }
  return figures;
}

/**
 * A member's unpaid statements (in one currency, or in each), with their totals: what Mark paid
 * is shown for a payment of their balance (markStatementsPaid's `shown`).
 */
export async function unpaidOf(brandId: string, memberId: string, currency?: string) {
  const rows = await db.execute<{ id: string; amount_minor: string }>(sql`
    select id, amount_minor::text as amount_minor from statements
     where brand_id = ${brandId} and member_id = ${memberId} and status <> 'paid'
       ${currency ? sql`and currency = ${currency}` : sql``}
     order by currency, period_start`);
  return rows.map((r) => ({ id: r.id, amountMinor: Number(r.amount_minor) }));
}

/** The unpaid statements of the members and currencies of these statements, with their totals. */
export async function balancesOf(brandId: string, statementIds: readonly string[]) {
  const rows = await db.execute<{ id: string; amount_minor: string }>(sql`
    select s.id, s.amount_minor::text as amount_minor from statements s
     where s.brand_id = ${brandId} and s.status <> 'paid'
       and (s.member_id, s.currency) in (
         select member_id, currency from statements
          where id = any(${sql.param([...statementIds])}::uuid[]))
     order by s.member_id, s.currency, s.period_start`);
  return rows.map((r) => ({ id: r.id, amountMinor: Number(r.amount_minor) }));
}

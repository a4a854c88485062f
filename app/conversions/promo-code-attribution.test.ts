import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { brands, conversions, offers } from '../../db/schema';
import { createMember } from '../../seed/factories';
import { startServer } from '../../server';
import {
  conversionSetup,
  givePromoCode,
  insertClick,
  otherMemberWithLink,
  trackingServer,
} from '../../test/conversion-setup';
import { deactivatePromoCode } from '../promo-codes/promo-codes.server';
import { attributeConversion } from './attribute.server';
import { getConversion } from './conversion-list.server';

const endpoints = trackingServer(startServer);
const get = endpoints.get;

let seq = 0;
const order = () => `promo-order-${++seq}`;

/** A brand with two members on one offer (CPS 10 %), each with a main link; Maya has MAYA15. */
async function setup(offer: Partial<typeof offers.$inferInsert> = {}) {
  const s = await conversionSetup({
    offer,
    payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
  });
  const { member: other, link: otherLink } = await otherMemberWithLink(s);
  const maya = await givePromoCode(s, s.member.id, 'maya15');
  return { ...s, other, otherLink, mayaCode: maya };
}

const rowOf = async (id: string) => {
  const [row] = await db.select().from(conversions).where(eq(conversions.id, id));
  return row;
};

describe('attribution by promo code', () => {
  test('a code without a click credits its member, source code, case-insensitively', async () => {
    const s = await setup();
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      couponCode: ' Maya15 ',
      amount: '100.00',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: true, commissionMinor: 1000 });
    const row = await rowOf(result.conversionId!);
    expect(row).toMatchObject({
      memberId: s.member.id,
      linkId: s.link.id,
      offerId: s.offer.id,
      source: 'code',
      promoCodeId: s.mayaCode.promoCodeId,
      couponRef: 'Maya15',
      clickId: null,
      conflictRule: null,
      status: 'pending',
    });
  });

  test('an unknown code is refused unknown_code and stored with what was reported', async () => {
    const s = await setup();
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      couponCode: 'NOPE99',
      amount: '10',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: false, reason: 'unknown_code' });
    const row = await rowOf(result.conversionId!);
    expect(row).toMatchObject({ status: 'refused', reason: 'unknown_code', couponRef: 'NOPE99' });
    expect(row.memberId).toBeNull();
  });

  test('a deactivated code is refused unknown_code; the same text in another brand is that brand’s code', async () => {
    const s = await setup();
    expect(await deactivatePromoCode(s.brand.id, s.mayaCode.promoCodeId, s.user.id)).toBe(true);
    const inactive = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      couponCode: 'MAYA15',
      amount: '10',
      orderId: order(),
    });
    expect(inactive).toMatchObject({ ok: false, reason: 'unknown_code' });
    expect(inactive.ok ? '' : inactive.message).toContain('deactivated');

    const other = await setup();
    const foreign = await attributeConversion({
      brandId: other.brand.id,
      source: 'postback',
      couponCode: 'MAYA15',
      amount: '10',
      orderId: order(),
    });
    // other brand has its own MAYA15: it is credited to that brand's member, not s's.
    expect(foreign).toMatchObject({ ok: true });
    expect((await rowOf(foreign.conversionId!)).memberId).toBe(other.member.id);
  });

  test('the code’s offer paused or past its end date: refused as for clicks', async () => {
    const paused = await setup({ status: 'paused' });
    expect(
      await attributeConversion({
        brandId: paused.brand.id,
        source: 'postback',
        couponCode: 'MAYA15',
        amount: '10',
        orderId: order(),
      }),
    ).toMatchObject({ ok: false, reason: 'offer_paused' });
    const ended = await setup({ endsAt: new Date(Date.now() - 60_000) });
    const result = await attributeConversion({
      brandId: ended.brand.id,
      source: 'postback',
      couponCode: 'MAYA15',
      amount: '10',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: false, reason: 'offer_expired' });
    expect(await rowOf(result.conversionId!)).toMatchObject({
      source: 'code',
      memberId: ended.member.id,
    });
  });

  test('a duplicate order by code is refused duplicate_order, even concurrently', async () => {
    const s = await setup();
    const orderId = order();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        attributeConversion({
          brandId: s.brand.id,
          source: 'postback',
          couponCode: 'MAYA15',
          amount: '10',
          orderId,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'duplicate_order')).toHaveLength(4);
  });

  test('click and code of different members: the code wins by default, both recorded', async () => {
    const s = await setup();
    const click = await insertClick({ link: s.otherLink });
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      clickRef: click.id,
      couponCode: 'MAYA15',
      amount: '50',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: true });
    expect(await rowOf(result.conversionId!)).toMatchObject({
      memberId: s.member.id,
      linkId: s.link.id,
      source: 'code',
      clickId: click.id,
      promoCodeId: s.mayaCode.promoCodeId,
      conflictRule: 'code_wins',
    });
    // The conversion's page shows both and the rule.
    const shown = await getConversion(s.brand.id, result.conversionId!);
    expect(shown).toMatchObject({
      promoCode: 'MAYA15',
      conflictRule: 'code_wins',
      memberName: s.member.name,
      click: { memberName: 'Omar Other' },
    });
  });

  test('click and code of different members: with “the click wins”, the click’s member', async () => {
    const s = await setup();
    await db
      .update(brands)
      .set({ codeConflictRule: 'click_wins' })
      .where(eq(brands.id, s.brand.id));
    const click = await insertClick({ link: s.otherLink });
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      clickRef: click.id,
      couponCode: 'maya15',
      amount: '50',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: true });
    expect(await rowOf(result.conversionId!)).toMatchObject({
      memberId: s.other.id,
      linkId: s.otherLink.id,
      source: 'postback',
      clickId: click.id,
      promoCodeId: s.mayaCode.promoCodeId,
      conflictRule: 'click_wins',
    });
  });

  test('click and code of the same member: no conflict, the click decides and the code is kept', async () => {
    const s = await setup();
    const click = await s.click();
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      clickRef: click.id,
      couponCode: 'MAYA15',
      amount: '50',
      orderId: order(),
    });
    expect(await rowOf(result.conversionId!)).toMatchObject({
      memberId: s.member.id,
      source: 'postback',
      clickId: click.id,
      promoCodeId: s.mayaCode.promoCodeId,
      conflictRule: null,
    });
  });

  test('a valid click with an unknown code is credited by the click; the code is recorded', async () => {
    const s = await setup();
    const click = await insertClick({ link: s.otherLink });
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      clickRef: click.id,
      couponCode: 'WHO99',
      amount: '50',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: true });
    expect(await rowOf(result.conversionId!)).toMatchObject({
      memberId: s.other.id,
      source: 'postback',
      couponRef: 'WHO99',
      promoCodeId: null,
    });
  });

  test('a member with a code but no link on the offer earns the offer’s default payout', async () => {
    const s = await setup();
    const linkless = await createMember(s.brand.id, { name: 'Lin Kless' });
    await givePromoCode(s, linkless.id, 'LIN10');
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'js',
      couponCode: 'lin10',
      amount: '20',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: true, commissionMinor: 200 });
    expect(await rowOf(result.conversionId!)).toMatchObject({
      memberId: linkless.id,
      linkId: null,
      payoutOptionId: s.payouts[0].id,
    });
  });
});

describe('ways in with a code', () => {
  test('/postback with coupon_code credits the member', async () => {
    const s = await setup();
    const r = await get('/postback', {
      coupon_code: 'maya15',
      amount: '80.00',
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { success: boolean; conversion_id: string };
    expect(body.success).toBe(true);
    expect(await rowOf(body.conversion_id)).toMatchObject({
      memberId: s.member.id,
      source: 'code',
      commissionMinor: 800,
    });
  });

  test('/aff_lsr (TUNE dialect) with coupon_code, and an unknown code answered like TUNE', async () => {
    const s = await setup();
    const [offer] = await db.select().from(offers).where(eq(offers.id, s.offer.id));
    const ok = await get('/aff_lsr', {
      offer_id: String(offer.offerNumber),
      coupon_code: 'MAYA15',
      amount: '10',
      adv_unique1: order(),
      security_token: s.brand.postbackToken,
    });
    expect(ok).toMatchObject({ status: 200, text: 'success=true;' });
    const bad = await get('/aff_lsr', {
      offer_id: String(offer.offerNumber),
      coupon_code: 'NOPE',
      amount: '10',
      adv_unique1: order(),
      security_token: s.brand.postbackToken,
    });
    expect(bad).toMatchObject({ status: 200, text: 'success=false; err_msg=unknown_code' });
  });
});

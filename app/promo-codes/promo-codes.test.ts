import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { links, promoCodes } from '../../db/schema';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { attributeConversion } from '../conversions/attribute.server';
import { listConversions } from '../conversions/conversion-list.server';
import { reverseConversions } from '../payouts/lifecycle.server';
import { foldStats } from '../reporting/rollups.server';
import { generateLinks } from '../links/generate-links.server';
import { importMembers, previewMemberImport } from '../members/csv-import.server';
import { loadCodeReports } from './code-reports.server';
import { checkTemplate, normalizePromoCode, renderCodeTemplate } from './promo-code-rules';
import {
  activeCodesOfMember,
  deactivatePromoCode,
  listOfferPromoCodes,
  setMemberPromoCode,
} from './promo-codes.server';

async function world() {
  const { brand, user } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id, {
    payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
  });
  const maya = await createMember(brand.id, { name: 'Maya Lopez', instagram: 'maya.glows' });
  const theo = await createMember(brand.id, { name: 'Théo Park' });
  return { brand, user, offer, payouts, maya, theo };
}

const codesOf = (offerId: string) =>
  db.select().from(promoCodes).where(eq(promoCodes.offerId, offerId));
const linksOf = (offerId: string) => db.select().from(links).where(eq(links.offerId, offerId));

describe('code rules', () => {
  test('typed codes are trimmed and upper-cased; bad characters are named', () => {
    expect(normalizePromoCode(' maya15 ')).toEqual({ ok: true, code: 'MAYA15' });
    const bad = normalizePromoCode('MAYA 15%');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.message).toContain('(spaces %)');
    expect(normalizePromoCode('AB').ok).toBe(false);
    expect(normalizePromoCode('-ABC').ok).toBe(false);
  });

  test('templates: {CREATOR_NAME}{NN} → MAYA15, accents dropped, unknown variables refused', () => {
    const digits = [1, 5];
    expect(
      renderCodeTemplate('{CREATOR_NAME}{NN}', { name: 'Maya Lopez' }, () => digits.shift()!),
    ).toBe('MAYA15');
    expect(renderCodeTemplate('{creator_name}-vip', { name: 'Théo Park' })).toBe('THEO-VIP');
    expect(
      renderCodeTemplate('{CREATOR_IG_USERNAME}', { name: 'x', instagram: 'maya.glows' }),
    ).toBe('MAYAGLOWS');
    expect(checkTemplate('{CREATOR_NAME}{NN}').ok).toBe(true);
    expect(checkTemplate('{CREATOR_EMAIL}').ok).toBe(false);
    expect(checkTemplate('{CREATOR_NAME} 15%').ok).toBe(false);
  });
});

describe('assignment on Add Members', () => {
  test('one typed code and one from the template; the discount is saved on the offer', async () => {
    const w = await world();
    const result = await generateLinks(
      w.brand.id,
      w.offer.id,
      [{ memberId: w.maya.id, code: 'maya15' }, { memberId: w.theo.id }],
      {
        fromTemplate: true,
        template: '{CREATOR_NAME}{NN}',
        discount: '15 % off',
        userId: w.user.id,
      },
    );
    expect(result).toMatchObject({ ok: true, created: 2, codes: 2 });
    const codes = await codesOf(w.offer.id);
    const byMember = new Map(codes.map((c) => [c.memberId, c.code]));
    expect(byMember.get(w.maya.id)).toBe('MAYA15');
    expect(byMember.get(w.theo.id)).toMatch(/^THEO\d{2}$/);
    expect(codes.every((c) => c.createdByUserId === w.user.id)).toBe(true);
    const mine = await activeCodesOfMember(w.brand.id, w.maya.id);
    expect(mine.get(w.offer.id)).toEqual({ code: 'MAYA15', discount: '15 % off' });
  });

  test('a code another member holds (any case) refuses the whole request: no links, no codes', async () => {
    const w = await world();
    const first = await generateLinks(w.brand.id, w.offer.id, [
      { memberId: w.maya.id, code: 'MAYA15' },
    ]);
    expect(first.ok).toBe(true);
    const { offer: other } = await createOffer(w.brand.id);
    const refused = await generateLinks(w.brand.id, other.id, [
      { memberId: w.theo.id, code: 'Maya15' },
    ]);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.fieldErrors[`code.${w.theo.id}`]?.[0]).toContain(
      'already Maya Lopez’s code',
    );
    expect(await linksOf(other.id)).toHaveLength(0);
    expect(await codesOf(other.id)).toHaveLength(0);
  });

  test('invalid characters and the same code twice in one request are refused, nothing changes', async () => {
    const w = await world();
    const bad = await generateLinks(w.brand.id, w.offer.id, [
      { memberId: w.maya.id, code: 'MAYA 15!' },
    ]);
    expect(bad.ok ? '' : bad.fieldErrors[`code.${w.maya.id}`]?.[0]).toContain('cannot have');
    const twice = await generateLinks(w.brand.id, w.offer.id, [
      { memberId: w.maya.id, code: 'SAME10' },
      { memberId: w.theo.id, code: 'same10' },
    ]);
    expect(twice.ok ? '' : twice.fieldErrors[`code.${w.theo.id}`]?.[0]).toContain('two members');
    expect(await linksOf(w.offer.id)).toHaveLength(0);
    expect(await codesOf(w.offer.id)).toHaveLength(0);
  });

  test('concurrent assignments of one code to two members: exactly one wins', async () => {
    const w = await world();
    for (const m of [w.maya, w.theo]) {
      await createLink({
        brandId: w.brand.id,
        offerId: w.offer.id,
        memberId: m.id,
        payoutOptionId: w.payouts[0].id,
      });
    }
    const results = await Promise.all(
      [w.maya, w.theo, w.maya, w.theo].map((m, i) =>
        setMemberPromoCode({
          brandId: w.brand.id,
          offerId: w.offer.id,
          memberId: m.id,
          code: i % 2 ? 'race20' : 'RACE20',
          userId: null,
        }),
      ),
    );
    const active = (await codesOf(w.offer.id)).filter((c) => c.deactivatedAt === null);
    expect(active).toHaveLength(1);
    const winner = active[0].memberId;
    const loserResults = results.filter(
      (_, i) => [w.maya, w.theo, w.maya, w.theo][i].id !== winner,
    );
    expect(loserResults.every((r) => !r.ok)).toBe(true);
  });
});

describe('deactivate, reassign, edit', () => {
  test('a code is reassigned only after it is deactivated; its history is kept', async () => {
    const w = await world();
    await generateLinks(w.brand.id, w.offer.id, [
      { memberId: w.maya.id, code: 'GLOW10' },
      { memberId: w.theo.id },
    ]);
    const before = await setMemberPromoCode({
      brandId: w.brand.id,
      offerId: w.offer.id,
      memberId: w.theo.id,
      code: 'glow10',
      userId: w.user.id,
    });
    expect(before.ok).toBe(false);
    const [held] = (await codesOf(w.offer.id)).filter((c) => c.code === 'GLOW10');
    expect(await deactivatePromoCode(w.brand.id, held.id, w.user.id)).toBe(true);
    expect(await deactivatePromoCode(w.brand.id, held.id, w.user.id)).toBe(false);
    const after = await setMemberPromoCode({
      brandId: w.brand.id,
      offerId: w.offer.id,
      memberId: w.theo.id,
      code: 'glow10',
      userId: w.user.id,
    });
    expect(after).toEqual({ ok: true, code: 'GLOW10' });
    const rows = await listOfferPromoCodes(w.brand.id, w.offer.id);
    expect(rows.map((r) => [r.code, r.memberName, r.deactivatedAt === null])).toEqual([
      ['GLOW10', 'Théo Park', true],
      ['GLOW10', 'Maya Lopez', false],
    ]);
  });

  test('editing a code deactivates the old one and keeps it; another brand cannot touch it', async () => {
    const w = await world();
    await generateLinks(w.brand.id, w.offer.id, [{ memberId: w.maya.id, code: 'OLD15' }]);
    const edited = await setMemberPromoCode({
      brandId: w.brand.id,
      offerId: w.offer.id,
      memberId: w.maya.id,
      code: 'NEW15',
      userId: null,
    });
    expect(edited).toEqual({ ok: true, code: 'NEW15' });
    const codes = await codesOf(w.offer.id);
    expect(codes.find((c) => c.code === 'OLD15')?.deactivatedAt).not.toBeNull();
    const other = await world();
    const foreign = codes.find((c) => c.code === 'NEW15')!;
    expect(await deactivatePromoCode(other.brand.id, foreign.id, null)).toBe(false);
    const refused = await setMemberPromoCode({
      brandId: other.brand.id,
      offerId: w.offer.id,
      memberId: w.maya.id,
      code: 'STEAL15',
      userId: null,
    });
    expect(refused.ok).toBe(false);
    expect(
      (await codesOf(w.offer.id)).filter((c) => c.deactivatedAt === null).map((c) => c.code),
    ).toEqual(['NEW15']);
  });
});

describe('CSV import with promo codes', () => {
  test('imports members onto the chosen offer with their codes; taken codes are bad rows', async () => {
    const w = await world();
    await generateLinks(w.brand.id, w.offer.id, [{ memberId: w.maya.id, code: 'MAYA15' }]);
    const csv = [
      'name,email,promo_code',
      'Ana Silva,ana@example.com,ana10',
      'Ben Ode,ben@example.com,maya15',
      'Cy Nobody,cy@example.com,',
      'Dee Bad,dee@example.com,no way',
    ].join('\n');
    const noOffer = await previewMemberImport(w.brand.id, csv);
    expect(noOffer).toMatchObject({ ok: false });
    expect(noOffer.ok ? '' : noOffer.error).toContain('choose the offer');

    const preview = await previewMemberImport(w.brand.id, csv, undefined, { offerId: w.offer.id });
    expect(preview.ok && preview.bad.map((b) => [b.line, b.reasons[0]])).toEqual([
      [3, expect.stringContaining('already another member’s code')],
      [5, expect.stringContaining('cannot have')],
    ]);

    const result = await importMembers(w.brand.id, csv, { offerId: w.offer.id, userId: w.user.id });
    expect(result).toMatchObject({ ok: true, imported: 2 });
    const codes = await codesOf(w.offer.id);
    expect(codes.map((c) => c.code).sort()).toEqual(['ANA10', 'MAYA15']);
    // Both imported members joined the offer (a main link each), the one without a code too.
    expect(await linksOf(w.offer.id)).toHaveLength(3);
  });
});

describe('source filter and reports', () => {
  test('code conversions are listed under source code and in the by-source and by-code reports', async () => {
    const w = await world();
    await generateLinks(w.brand.id, w.offer.id, [
      { memberId: w.maya.id, code: 'MAYA15' },
      { memberId: w.theo.id },
    ]);
    const byCode = await attributeConversion({
      brandId: w.brand.id,
      source: 'postback',
      couponCode: 'maya15',
      amount: '200.00',
      orderId: 'R-1',
    });
    expect(byCode.ok).toBe(true);
    await attributeConversion({
      brandId: w.brand.id,
      source: 'postback',
      couponCode: 'NOPE',
      amount: '1',
      orderId: 'R-2',
    });
    const [theoLink] = await db
      .select()
      .from(links)
      .where(and(eq(links.offerId, w.offer.id), eq(links.memberId, w.theo.id)));
    await attributeConversion({
      brandId: w.brand.id,
      source: 'member_postback',
      memberId: w.theo.id,
      offerId: w.offer.id,
      amount: '50',
      orderId: 'R-3',
    });
    expect(theoLink).toBeDefined();

    const listed = await listConversions(w.brand.id, { source: 'code' });
    expect(listed.rows.map((r) => r.id).sort()).toHaveLength(2);
    expect(listed.rows.every((r) => r.source === 'code')).toBe(true);

    const today = new Date().toISOString().slice(0, 10);
    // The tables read the conversions rollup (decision 063), which the fold brings up to date.
    await foldStats();
    const reports = await loadCodeReports({
      brandId: w.brand.id,
      from: today,
      to: today,
    });
    const code = reports.bySource.find((r) => r.key === 'code');
    expect(code).toMatchObject({
      conversions: 1,
      refused: 1,
      sales: { USD: 20000 },
      commission: { USD: 2000 },
    });
    expect(reports.byCode).toEqual([
      expect.objectContaining({ code: 'MAYA15', memberName: 'Maya Lopez', conversions: 1 }),
    ]);
    const filtered = await loadCodeReports({
      brandId: w.brand.id,
      from: today,
      to: today,
      memberId: w.theo.id,
    });
    expect(filtered.byCode).toEqual([]);
    expect(filtered.bySource.map((r) => r.key)).toEqual(['member_postback']);

    // A reversal takes the conversion out of the rollup's counts at the next fold.
    await reverseConversions(db, w.brand.id, [byCode.conversionId!], {}, { kind: 'postback' });
    await foldStats();
    const after = await loadCodeReports({
      brandId: w.brand.id,
      from: today,
      to: today,
    });
    expect(after.bySource.find((r) => r.key === 'code')).toMatchObject({
      conversions: 0,
      refused: 1,
      sales: { USD: 0 },
      commission: { USD: 0 },
    });
    expect(after.byCode).toEqual([]);
  });
});

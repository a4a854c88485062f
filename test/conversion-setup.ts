/**
 * Test data for the conversion tests: a brand with a member, an offer, the member's link and
 * clicks on it (inserted directly, as the click writer would).
 */
import { randomUUID } from 'node:crypto';
import { db } from '../db/client';
import {
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  type PayoutInput,
} from '../seed/factories';
import { clicks, type offers } from '../db/schema';

export async function conversionSetup(
  options: { offer?: Partial<typeof offers.$inferInsert>; payouts?: PayoutInput[] } = {},
) {
  const { brand, user } = await createBrandWithUser();
  const member = await createMember(brand.id);
  const { offer, payouts } = await createOffer(brand.id, {
    ...options.offer,
    payouts: options.payouts,
  });
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  const click = (input: Partial<typeof clicks.$inferInsert> = {}) =>
    insertClick({ link, ...input });
  return { brand, user, member, offer, payouts, link, click };
}

export async function insertClick(
  input: {
    link: { id: string; brandId: string; offerId: string; memberId: string };
  } & Partial<typeof clicks.$inferInsert>,
) {
  const { link, ...fields } = input;
  const [row] = await db
    .insert(clicks)
    .values({
      id: randomUUID(),
      brandId: link.brandId,
      offerId: link.offerId,
      linkId: link.id,
      memberId: link.memberId,
      createdAt: new Date(),
      ipHash: 'test',
      ...fields,
    })
    .returning();
  return row;
}

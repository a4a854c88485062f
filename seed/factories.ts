/**
 * Test-data factories, shared by the tests and the demo seed. Each creates real rows through the
 * same modules the product uses, and returns what it made.
 */
import { eq } from 'drizzle-orm';
import { db, type Tx } from '../db/client';
import type { BrandRoleValue } from '../db/schema/enum-values';
import {
  brandMemberships,
  links,
  members,
  offers,
  payoutOptions,
  projectMembers,
  projects,
  users,
} from '../db/schema';
import { hashPassword } from '../app/auth/password.server';
import { createBrand } from '../app/brands/brands.server';
import { generateLinkCode } from '../app/links/link-code.server';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createBrandWithUser(
  input: { brandName?: string; name?: string; email?: string; password?: string } = {},
  tx: Tx = db,
) {
  const password = input.password ?? 'correct horse battery staple';
  const brand = await createBrand(tx, input.brandName ?? `Brand ${unique()}`);
  const [user] = await tx
    .insert(users)
    .values({
      name: input.name ?? 'Test User',
      email: (input.email ?? `user-${unique()}@example.com`).toLowerCase(),
      passwordHash: await hashPassword(password),
    })
    .returning();
  await tx.insert(brandMemberships).values({ userId: user.id, brandId: brand.id, role: 'owner' });
  return { brand, user, password };
}

/**
 * A teammate of a brand with a role: a new person, or (`userId`) an existing person who joins
 * another brand.
 */
export async function addTeammate(
  brandId: string,
  input: {
    role: BrandRoleValue;
    userId?: string;
    name?: string;
    email?: string;
    password?: string;
  },
  tx: Tx = db,
) {
  const password = input.password ?? 'correct horse battery staple';
  let userId = input.userId;
  if (!userId) {
    const [user] = await tx
      .insert(users)
      .values({
        name: input.name ?? `Teammate ${input.role}`,
        email: (input.email ?? `${input.role}-${unique()}@example.com`).toLowerCase(),
        passwordHash: await hashPassword(password),
      })
      .returning({ id: users.id });
    userId = user.id;
  }
  await tx.insert(brandMemberships).values({ userId, brandId, role: input.role });
  const [user] = await tx.select().from(users).where(eq(users.id, userId));
  return { user, password };
}

export async function createProject(brandId: string, name = `Project ${unique()}`, tx: Tx = db) {
  const [project] = await tx.insert(projects).values({ brandId, name }).returning();
  return project;
}

export async function createMember(
  brandId: string,
  input: {
    name?: string;
    email?: string;
    instagram?: string | null;
    tiktok?: string | null;
    projectIds?: string[];
  } = {},
  tx: Tx = db,
) {
  const id = unique();
  const [member] = await tx
    .insert(members)
    .values({
      brandId,
      name: input.name ?? `Creator ${id}`,
      email: (input.email ?? `creator-${id}@example.com`).toLowerCase(),
      instagram: input.instagram === undefined ? `creator_${id}` : input.instagram,
      tiktok: input.tiktok === undefined ? null : input.tiktok,
    })
    .returning();
  if (input.projectIds?.length) {
    await tx
      .insert(projectMembers)
      .values(input.projectIds.map((projectId) => ({ projectId, memberId: member.id, brandId })));
  }
  return member;
}

export type PayoutInput =
  | { title: string; type: 'cps_percent'; percent: string; isDefault?: boolean }
  | { title: string; type: 'cpa_flat'; amountMinor: number; isDefault?: boolean };

export async function createOffer(
  brandId: string,
  input: Partial<typeof offers.$inferInsert> & { payouts?: PayoutInput[] } = {},
  tx: Tx = db,
) {
  const { payouts: payoutInputs, ...fields } = input;
  const [offer] = await tx
    .insert(offers)
    .values({
      name: `Offer ${unique()}`,
      offerUrl: 'https://shop.example.com/',
      ...fields,
      brandId,
    })
    .returning();
  const list = payoutInputs ?? [{ title: 'Standard', type: 'cps_percent', percent: '10' }];
  const payouts = await tx
    .insert(payoutOptions)
    .values(
      list.map((p, index) => ({
        brandId,
        offerId: offer.id,
        title: p.title,
        type: p.type,
        percent: p.type === 'cps_percent' ? p.percent : null,
        amountMinor: p.type === 'cpa_flat' ? p.amountMinor : null,
        isDefault: p.isDefault ?? index === 0,
        position: index,
      })),
    )
    .returning();
  return { offer, payouts };
}

export async function createLink(
  input: {
    brandId: string;
    offerId: string;
    memberId: string;
    payoutOptionId: string;
    deepLink?: string | null;
  },
  tx: Tx = db,
) {
  const [link] = await tx
    .insert(links)
    .values({ ...input, code: generateLinkCode() })
    .returning();
  return link;
}

import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { db } from '../../db/client';
import { brandInvitations, brandMemberships, brands, sessions, users } from '../../db/schema';
import type { BrandRoleValue } from '../../db/schema/enum-values';
import { verifyPassword } from '../auth/password.server';
import { TeamError } from './team-error';

/** The Team page: members with role and last sign-in, and the invitations still open. */
export async function listTeam(brandId: string) {
  const members = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: brandMemberships.role,
      lastSignInAt: users.lastSignInAt,
      joinedAt: brandMemberships.createdAt,
    })
    .from(brandMemberships)
    .innerJoin(users, eq(users.id, brandMemberships.userId))
    .where(eq(brandMemberships.brandId, brandId))
    .orderBy(asc(users.name), asc(users.email));
  const invitations = await db
    .select({
      id: brandInvitations.id,
      email: brandInvitations.email,
      role: brandInvitations.role,
      expiresAt: brandInvitations.expiresAt,
      createdAt: brandInvitations.createdAt,
      invitedBy: users.name,
    })
    .from(brandInvitations)
    .leftJoin(users, eq(users.id, brandInvitations.invitedByUserId))
    .where(
      and(
        eq(brandInvitations.brandId, brandId),
        isNull(brandInvitations.acceptedAt),
        isNull(brandInvitations.revokedAt),
      ),
    )
    .orderBy(desc(brandInvitations.createdAt));
  return { members, invitations };
}

async function membershipOf(brandId: string, userId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [row] = await db
    .select({ role: brandMemberships.role, name: users.name })
    .from(brandMemberships)
    .innerJoin(users, eq(users.id, brandMemberships.userId))
    .where(and(eq(brandMemberships.brandId, brandId), eq(brandMemberships.userId, userId)));
  return row ?? null;
}

/** Gives a teammate another role (never the owner's: ownership moves only by a transfer). */
export async function changeRole(
  brandId: string,
  userId: string,
  role: Exclude<BrandRoleValue, 'owner'>,
) {
  const member = await membershipOf(brandId, userId);
  if (!member) throw new TeamError('form', 'That person is not on this brand’s team.');
  if (member.role === 'owner') {
    throw new TeamError(
      'form',
      'The owner’s role changes only by transferring the ownership to someone else.',
    );
  }
  await db
    .update(brandMemberships)
    .set({ role })
    .where(and(eq(brandMemberships.brandId, brandId), eq(brandMemberships.userId, userId)));
  return member;
}

/**
 * Removes a teammate from the brand: their sessions in this brand end at once (their other
 * brands are untouched). The person stays, so the audit log and histories still name them.
 */
export async function removeTeammate(brandId: string, userId: string) {
  const member = await membershipOf(brandId, userId);
  if (!member) throw new TeamError('form', 'That person is not on this brand’s team.');
  if (member.role === 'owner') {
    throw new TeamError('form', 'The owner cannot be removed; transfer the ownership first.');
  }
  await db.transaction(async (tx) => {
    await tx
      .delete(brandMemberships)
      .where(and(eq(brandMemberships.brandId, brandId), eq(brandMemberships.userId, userId)));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), eq(sessions.brandId, brandId)));
  });
  return member;
}

/**
 * The owner hands the brand to a teammate, confirming with their password: the teammate becomes
 * the owner, the previous owner an admin.
 */
export async function transferOwnership(
  brandId: string,
  ownerUserId: string,
  toUserId: string,
  password: string,
) {
  const [owner] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, ownerUserId));
  if (!owner || !(await verifyPassword(owner.passwordHash, password))) {
    throw new TeamError('password', 'That is not your password.');
  }
  const member = await membershipOf(brandId, toUserId);
  if (!member || toUserId === ownerUserId) {
    throw new TeamError('toUserId', 'Choose a teammate to hand the brand to.');
  }
  await db.transaction(async (tx) => {
    const demoted = await tx
      .update(brandMemberships)
      .set({ role: 'admin' })
      .where(
        and(
          eq(brandMemberships.brandId, brandId),
          eq(brandMemberships.userId, ownerUserId),
          eq(brandMemberships.role, 'owner'),
        ),
      )
      .returning({ userId: brandMemberships.userId });
    if (demoted.length === 0) throw new TeamError('form', 'Only the owner can transfer the brand.');
    await tx
      .update(brandMemberships)
      .set({ role: 'owner' })
      .where(and(eq(brandMemberships.brandId, brandId), eq(brandMemberships.userId, toUserId)));
  });
  return member;
}

/** The owner's "require two-factor sign-in" for every member of the brand. */
export async function setRequireTwoFactor(brandId: string, requireTwoFactor: boolean) {
  await db.update(brands).set({ requireTwoFactor }).where(eq(brands.id, brandId));
}

export async function brandRequiresTwoFactor(brandId: string): Promise<boolean> {
  const [row] = await db
    .select({ requireTwoFactor: brands.requireTwoFactor })
    .from(brands)
    .where(eq(brands.id, brandId));
  return row?.requireTwoFactor ?? false;
}

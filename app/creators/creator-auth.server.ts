import { redirect } from '@remix-run/node';
import { asc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { brands, members } from '../../db/schema';
import { getRequestSession } from '../auth/session.server';
import { isUuid } from '../ids';

/** One brand that has the signed-in person as a member, and their member record there. */
export interface CreatorMembership {
  memberId: string;
  memberName: string;
  brandId: string;
  brandName: string;
}

/**
 * A signed-in creator: a person, identified by the email address their sign-in link was sent to.
 * They reach every member record with that address (one per brand), and nothing else.
 */
export interface Creator {
  sessionId: string;
  email: string;
  /** The name of their most recent member record, for the greeting. */
  name: string;
  memberships: CreatorMembership[];
}

/** The creator and the one brand a creator page is about. */
export interface CreatorInBrand extends Creator {
  member: { id: string; name: string; email: string };
  brand: { id: string; name: string };
}

/** The signed-in creator of a request, or null (no session, a brand user's session, or no member left). */
export async function getCreator(request: Request): Promise<Creator | null> {
  const session = await getRequestSession(request);
  if (!session?.memberId) return null;
  // Sessions opened before the person's address was recorded reach only their own member record.
  const scope = session.creatorEmail
    ? eq(members.email, session.creatorEmail)
    : eq(members.id, session.memberId);
  const rows = await db
    .select({
      memberId: members.id,
      memberName: members.name,
      email: members.email,
      brandId: brands.id,
      brandName: brands.name,
      createdAt: members.createdAt,
    })
    .from(members)
    .innerJoin(brands, eq(brands.id, members.brandId))
    .where(scope)
    .orderBy(asc(sql`lower(${brands.name})`), asc(brands.id));
  if (rows.length === 0) return null;
  const latest = rows.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  return {
    sessionId: session.id,
    email: session.creatorEmail ?? latest.email,
    name: latest.memberName,
    memberships: rows.map(({ memberId, memberName, brandId, brandName }) => ({
      memberId,
      memberName,
      brandId,
      brandName,
    })),
  };
}

/**
 * The signed-in creator, or a redirect to the creator sign-in page (creators have no password:
 * they ask for a sign-in link by email there).
 */
export async function requireCreator(request: Request): Promise<Creator> {
  const creator = await getCreator(request);
  if (!creator) throw redirect('/creator/sign-in');
  return creator;
}

/**
 * The signed-in creator in one of their brands, or a 404 when the brand is not one of theirs
 * (another brand's id looks exactly like an unknown one). Every creator query is scoped by the
 * `member.id` and `brand.id` this returns.
 */
export async function requireCreatorBrand(
  request: Request,
  brandId: string | undefined,
): Promise<CreatorInBrand> {
  const creator = await requireCreator(request);
  const membership = isUuid(brandId)
    ? creator.memberships.find((m) => m.brandId === brandId)
    : undefined;
  if (!membership) {
    throw new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  }
  return {
    ...creator,
    member: { id: membership.memberId, name: membership.memberName, email: creator.email },
    brand: { id: membership.brandId, name: membership.brandName },
  };
}

import { eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { brands, members } from '../../db/schema';
import { getRequestSession } from '../auth/session.server';

export type Creator = {
  member: { id: string; name: string; email: string };
  brand: { id: string; name: string };
  sessionId: string;
};

/** The signed-in creator of a request, or null. */
export async function getCreator(request: Request): Promise<Creator | null> {
  const session = await getRequestSession(request);
  if (!session?.memberId) return null;
  const [row] = await db
    .select({
      member: { id: members.id, name: members.name, email: members.email },
      brand: { id: brands.id, name: brands.name },
    })
    .from(members)
    .innerJoin(brands, eq(brands.id, members.brandId))
    .where(eq(members.id, session.memberId));
  return row ? { ...row, sessionId: session.id } : null;
}

/**
 * The signed-in creator, or a 401 page: creators have no password, they come in through the link
 * their brand emailed them.
 */
export async function requireCreator(request: Request): Promise<Creator> {
  const creator = await getCreator(request);
  if (!creator) {
    throw new Response(
      'Open the sign-in link from your latest email to see your dashboard, or ask the brand to email you a new one.',
      { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } },
    );
  }
  return creator;
}

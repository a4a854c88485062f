import { and, eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { brandMemberships, brands, users } from '../../db/schema';

export interface BrandSender {
  /** The sender's display name a creator sees: the brand's name. */
  fromName: string;
  /** Replies go to the brand: its owner. */
  replyTo: string | null;
}

/**
 * How an email to a creator is signed: from the brand as the creator knows it, with replies to
 * the brand rather than to the installation's no-reply address (docs/decisions/028).
 */
export async function brandSender(brandId: string): Promise<BrandSender | null> {
  const [brand] = await db.select({ name: brands.name }).from(brands).where(eq(brands.id, brandId));
  if (!brand) return null;
  const [owner] = await db
    .select({ email: users.email })
    .from(brandMemberships)
    .innerJoin(users, eq(users.id, brandMemberships.userId))
    .where(and(eq(brandMemberships.brandId, brandId), eq(brandMemberships.role, 'owner')))
    .limit(1);
  return { fromName: brand.name, replyTo: owner?.email ?? null };
}

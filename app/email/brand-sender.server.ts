import { asc, eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { brands, users } from '../../db/schema';

export interface BrandSender {
  /** The sender's display name a creator sees: the brand's name. */
  fromName: string;
  /** Replies go to the brand: its account owner (the user who created the brand). */
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
    .from(users)
    .where(eq(users.brandId, brandId))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return { fromName: brand.name, replyTo: owner?.email ?? null };
}

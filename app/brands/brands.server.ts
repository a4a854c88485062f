import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { brands } from '../../db/schema';
import { generateToken } from '../tokens.server';

export function newPostbackToken(): string {
  return `pb_${generateToken(20)}`;
}

export function newPublishableKey(): string {
  return `pk_${generateToken(15)}`;
}

export async function createBrand(tx: Tx, name: string) {
  const [brand] = await tx
    .insert(brands)
    .values({ name, postbackToken: newPostbackToken(), publishableKey: newPublishableKey() })
    .returning();
  return brand;
}

export async function getBrand(tx: Tx, brandId: string) {
  const [brand] = await tx.select().from(brands).where(eq(brands.id, brandId)).limit(1);
  return brand ?? null;
}

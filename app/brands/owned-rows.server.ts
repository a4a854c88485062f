/**
 * Whether ids a caller names (filters of a list or a report) are rows of the brand: one query for
 * all of them. Another brand's id, an unknown one and a value that is not an id all answer "not
 * the brand's": the caller answers 404 and never says which (decision 065).
 */
import { sql, type SQL } from 'drizzle-orm';
import { db } from '../../db/client';
import { links, members, offers, projects } from '../../db/schema';
import { isUuid } from '../ids';

const TABLES = { offer: offers, member: members, link: links, project: projects } as const;

export type OwnedKind = keyof typeof TABLES;
export const OWNED_KINDS = Object.keys(TABLES) as OwnedKind[];

/** The first of `named` (in order) that is not a row of the brand, or null when all are. */
export async function firstForeignId<K extends string>(
  brandId: string,
  named: readonly { name: K; kind: OwnedKind; id: string }[],
): Promise<K | null> {
  if (named.length === 0) return null;
  const malformed = named.find((n) => !isUuid(n.id));
  if (malformed) return malformed.name;
  const checks: SQL[] = named.map(({ kind, id }, i) => {
    const table = TABLES[kind];
    return sql`exists(select 1 from ${table} where ${table.id} = ${id}::uuid and ${table.brandId} = ${brandId}) as ${sql.identifier(`k${i}`)}`;
  });
  const [row] = await db.execute<Record<string, boolean>>(sql`select ${sql.join(checks, sql`, `)}`);
  const index = named.findIndex((_, i) => !row[`k${i}`]);
  return index === -1 ? null : named[index].name;
}

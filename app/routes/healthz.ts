import { sql } from 'drizzle-orm';
import { db } from '../../db/client';

/** Liveness and database reachability, for load balancers and the test harness. */
export async function loader() {
  await db.execute(sql`select 1`);
  return new Response('ok', {
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
  });
}

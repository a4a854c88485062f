/**
 * Scale-out check (Issue 11, SPEC §10): two web processes and two worker processes on one
 * PostgreSQL, each its own Node.js process (own caches, click buffer, LISTEN connection).
 *
 *   npm run bench:scale-out          (embedded PostgreSQL, or the server of DATABASE_URL)
 *
 * Web processes: the tracking HTTP server (bench/postback-server.ts: the redirect and postback
 * paths, no Remix app, RUN_WORKER off). Workers: `server.ts --worker`, what `npm run worker` runs.
 * It prints, and exits non-zero when one fails:
 *   1. 10 rounds of 50 concurrent postbacks, each fired as soon as its redirect answered, half at
 *      the other web process: how many were refused `unknown_click` (must be 0);
 *   2. unique clicks stored = a from-scratch count over the clicks = the folded counters;
 *   3. a member rename: ms until the next redirect of each process carries the new name (≤ 1 s);
 *   4. 40 link emails queued twice with two worker processes running: emails sent (must be 40).
 * The redirect ratio of one process is `npm run bench:redirect` (docs/benchmarks.md).
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { closeDb, db } from '../db/client';
import { migrate } from '../db/migrate';
import { conversions, emailOutbox } from '../db/schema';
import { queueLinkEmails } from '../app/links/email-links.server';
import { updateMember } from '../app/members/members.server';
import { createBrandWithUser, createLink, createMember, createOffer } from '../seed/factories';
import { createDatabase, dropDatabase, startTestPostgres } from '../test/postgres-server';
import { startChildServer, type ChildServer } from '../test/processes';
import { startResendStandIn } from '../test/resend-stand-in';
import { startTrackingProcess, type TrackingProcess } from '../test/tracking-processes';

const UAS = [
  'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36',
];

function clickIdOf(response: Response): string {
  const match = /ol_click=([0-9a-f-]{36})/.exec(response.headers.get('set-cookie') ?? '');
  if (!match) throw new Error(`no click id in a ${response.status} answer`);
  return match[1];
}

async function main() {
  const pg = await startTestPostgres('scale-out');
  const name = `offerlink_scale_out_${process.pid}`;
  await dropDatabase(pg.url(), name);
  await createDatabase(pg.url(), name);
  process.env.DATABASE_URL = pg.url(name);
  await migrate(process.env.DATABASE_URL);
  const web: TrackingProcess[] = [];
  const workers: ChildServer[] = [];
  const resend = await startResendStandIn();
  const failures: string[] = [];
  try {
    const { brand } = await createBrandWithUser();
    const { offer, payouts } = await createOffer(brand.id, {
      utmSource: '{creator_name}',
      payouts: [{ title: 'Flat', type: 'cpa_flat', amountMinor: 500 }],
    });
    const members: Awaited<ReturnType<typeof createMember>>[] = [];
    const links: Awaited<ReturnType<typeof createLink>>[] = [];
    for (let i = 0; i < 40; i++) {
      const member = await createMember(brand.id, { name: `Creator ${i}` });
      members.push(member);
      links.push(
        await createLink({
          brandId: brand.id,
          offerId: offer.id,
          memberId: member.id,
          payoutOptionId: payouts[0].id,
        }),
      );
    }
    for (let i = 0; i < 2; i++)
      web.push(await startTrackingProcess({ DATABASE_URL: process.env.DATABASE_URL }));

    // 1. Fresh clicks: postbacks fired as their redirects answer, half at the other process.
    const tally = new Map<string, number>();
    const conversionIds: string[] = [];
    let clicksMade = 0;
    for (let round = 0; round < 10; round++) {
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const clickAt = web[i % 2];
          const reportAt = web[(i + Math.floor(i / 2)) % 2];
          const link = links[(round * 50 + i) % links.length];
          const redirect = await fetch(`${clickAt.url}/l/${link.code}`, {
            redirect: 'manual',
            headers: { 'user-agent': UAS[(round + i) % UAS.length] },
          });
          clicksMade += 1;
          const clickId = clickIdOf(redirect);
          for (let attempt = 0; ; attempt++) {
            const response = await fetch(
              `${reportAt.url}/postback?${new URLSearchParams({
                transaction_id: clickId,
                order_id: `r${round}-${i}`,
                security_token: brand.postbackToken,
              })}`,
            );
            const body = (await response.json()) as {
              success: boolean;
              reason?: string;
              conversion_id?: string;
            };
            if (response.status === 503 && attempt < 20) {
              await new Promise((r) => setTimeout(r, 1000));
              continue;
            }
            const answer =
              response.status === 200
                ? body.success
                  ? 'accepted'
                  : body.reason!
                : String(response.status);
            if (body.conversion_id) conversionIds.push(body.conversion_id);
            return `${reportAt === clickAt ? 'same' : 'other'} process: ${answer}${attempt ? ` after ${attempt} retr${attempt > 1 ? 'ies' : 'y'}` : ''}`;
          }
        }),
      );
      for (const o of outcomes) tally.set(o, (tally.get(o) ?? 0) + 1);
    }
    const refused = [...tally]
      .filter(([k]) => k.includes('unknown_click'))
      .reduce((n, [, v]) => n + v, 0);
    const stored = await db
      .select({ id: conversions.id })
      .from(conversions)
      .where(inArray(conversions.id, conversionIds));
    console.log(`\n1. fresh-click postbacks (10 × 50, half at the other process):`);
    for (const [k, v] of [...tally].sort()) console.log(`   ${k}: ${v}`);
    console.log(
      `   refused unknown_click: ${refused}; conversions stored: ${stored.length} of 500`,
    );
    if (refused > 0) failures.push(`${refused} fresh clicks refused unknown_click`);

    // 2. Unique clicks: stored flags = from-scratch count = folded counters.
    const humanClicks = async () =>
      Number(
        (
          await db.execute<{ n: number }>(
            sql`select count(*)::int as n from clicks where not is_bot`,
          )
        )[0].n,
      );
    for (let waited = 0; (await humanClicks()) < clicksMade && waited < 50; waited++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const [u] = await db.execute<{ stored: number; scratch: number }>(sql`
      with c as (
        select is_unique, created_at - lag(created_at) over (
                 partition by link_id, ip_hash, user_agent order by created_at) as gap
          from clicks where not is_bot)
      select count(*) filter (where is_unique)::int as stored,
             count(*) filter (where gap is null or gap >= interval '24 hours')::int as scratch from c`);
    // The reporting rollups (folded from the clicks) agree.
    await db.execute(sql`select stats_fold('1 day'::interval)`);
    const [row] = await db.execute<{ n: number }>(
      sql`select coalesce(sum(unique_clicks), 0)::int as n from stats_offers where grain = 'd'`,
    );
    const counted = Number(row.n);
    console.log(
      `\n2. unique clicks over ${clicksMade} clicks at two processes: stored ${u.stored}, from scratch ${u.scratch}, reporting rollups ${counted}`,
    );
    if (u.stored !== u.scratch || counted !== u.stored)
      failures.push('unique clicks differ from a from-scratch count');

    // 3. A member rename reaches the next redirect of both processes.
    const member = members[0];
    const link = links[0];
    const newName = `Renamed ${Date.now()}`;
    const renamedAt = performance.now();
    await updateMember(brand.id, member.id, {
      name: newName,
      email: member.email,
      instagram: member.instagram,
      tiktok: member.tiktok,
      projectIds: [],
    });
    const seenAfter: number[] = [];
    for (const proc of web) {
      for (;;) {
        const r = await fetch(`${proc.url}/l/${link.code}`, {
          redirect: 'manual',
          headers: { 'user-agent': 'bot-check HeadlessChrome' },
        });
        if (
          decodeURIComponent(r.headers.get('location') ?? '')
            .replace(/\+/g, ' ')
            .includes(newName)
        )
          break;
        if (performance.now() - renamedAt > 5000) break;
      }
      seenAfter.push(Math.round(performance.now() - renamedAt));
    }
    console.log(
      `\n3. member rename visible in the next redirect: process A after ${seenAfter[0]} ms, process B after ${seenAfter[1]} ms`,
    );
    if (seenAfter.some((ms) => ms > 1000))
      failures.push('a rename took over 1 s to reach a process');

    // 4. Two worker processes: each link email sent once.
    const env = {
      DATABASE_URL: process.env.DATABASE_URL,
      RESEND_API_KEY: 're_bench',
      RESEND_BASE_URL: resend.url,
    };
    for (let i = 0; i < 2; i++) {
      workers.push(
        await startChildServer({
          args: ['--worker'],
          env,
          readyText: 'Offerlink worker is running',
        }),
      );
    }
    const requestId = randomUUID();
    for (let i = 0; i < 2; i++)
      await queueLinkEmails(brand.id, offer.id, { requestId, scope: 'all', linkIds: [] });
    const jobsLeft = async () =>
      Number(
        (
          await db.execute<{ n: number }>(
            sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'links__email'`,
          )
        )[0].n,
      );
    for (let waited = 0; (await jobsLeft()) > 0 && waited < 600; waited++)
      await new Promise((r) => setTimeout(r, 100));
    // Resend delivers a repeated idempotency key once; count both, report both.
    const sent = resend.deliveries.length;
    const asked = resend.requests.length;
    const outbox = await db.select().from(emailOutbox).where(eq(emailOutbox.brandId, brand.id));
    console.log(
      `\n4. 40 link emails queued twice, two worker processes: ${sent} delivered by Resend (${asked} requests), ${outbox.length} in the outbox, ${new Set(outbox.map((o) => o.toAddress)).size} recipients`,
    );
    if (sent !== 40 || outbox.length !== 40) failures.push(`emails sent ${sent} (expected 40)`);
  } finally {
    await Promise.all([...web.map((p) => p.stop()), ...workers.map((w) => w.stop())]);
    await resend.close();
    await closeDb();
    await dropDatabase(pg.url(), name).catch(() => {});
    await pg.stop();
  }
  console.log(failures.length ? `\nFAILED: ${failures.join('; ')}` : '\nall scale-out checks hold');
  process.exit(failures.length ? 1 : 0);
}

await main();

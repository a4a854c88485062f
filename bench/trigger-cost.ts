/**
 * What reporting's conversion trigger costs per INSERT of 50 conversions (the postback writer's
 * batch), measured with EXPLAIN ANALYZE in one session: the trigger as it is (migration
 * reporting_trigger_skips) and as it was (migration rollup_writes_its_stats), alternating,
 * `--runs` times each; for accepted conversions and for refused ones.
 *
 * Run: node --import tsx bench/trigger-cost.ts [-- --runs 30]
 */
import { readFileSync } from 'node:fs';
import { arg, benchDatabase } from './setup';

const runs = Number(arg('runs', '30'));
const database = await benchDatabase('trigger-cost');
const { db, closeDb } = await import('../db/client');
const { conversionSetup, insertClick } = await import('../test/conversion-setup');

const fn = (file: string) => {
  const text = readFileSync(new URL(`../db/migrations/${file}`, import.meta.url), 'utf8');
  return text.slice(text.indexOf('CREATE OR REPLACE FUNCTION stats_conversions_changed()'));
};
const versions = {
  before: fn('0024_rollup_writes_its_stats.sql'),
  after: fn('0031_reporting_trigger_skips.sql'),
};
try {
  const s = await conversionSetup();
  const clickIds: string[] = [];
  for (let i = 0; i < 50; i++) clickIds.push((await insertClick({ link: s.link })).id);
  const times: Record<string, Record<string, number[]>> = {
    before: { accepted: [], refused: [] },
    after: { accepted: [], refused: [] },
  };
  for (let r = 0; r < runs; r++) {
    for (const version of ['before', 'after'] as const) {
      await db.$client.unsafe(versions[version]);
      for (const kind of ['accepted', 'refused'] as const) {
        const plan = (await db.$client.unsafe(
          `explain (analyze, format json)
           insert into conversions (brand_id, offer_id, link_id, member_id, click_id, order_id,
                                    amount_minor, currency, commission_minor, status, reason, source)
           select $1, $2, $3, $4, c, 'o-' || gen_random_uuid(), 1000, 'USD', 100,
                  $5::conversion_status, $6::refusal_reason, 'postback'
             from unnest($7::uuid[]) c`,
          [
            s.brand.id,
            s.offer.id,
            s.link.id,
            s.member.id,
            kind === 'accepted' ? 'pending' : 'refused',
            kind === 'accepted' ? null : 'duplicate_order',
            `{${clickIds.join(',')}}`,
          ] as never[],
        )) as unknown as {
          'QUERY PLAN': { Triggers: { 'Trigger Name': string; Time: number }[] }[];
        }[];
        const trigger = plan[0]['QUERY PLAN'][0].Triggers.find(
          (t) => t['Trigger Name'] === 'stats_conversions_inserted',
        );
        times[version][kind].push(trigger?.Time ?? NaN);
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const kind of ['accepted', 'refused'] as const) {
    console.log(
      `50 ${kind} conversions per INSERT: reporting trigger median ${median(times.before[kind]).toFixed(3)} ms before, ${median(times.after[kind]).toFixed(3)} ms after (${runs} runs each)`,
    );
  }
} finally {
  await closeDb();
  await database.drop();
}

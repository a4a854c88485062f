/**
 * Realistic reporting data for the benchmarks (issue 20, docs/decisions/040-narrow-rollups.md),
 * generated in PostgreSQL with set-based SQL (generate_series: no row-by-row inserts):
 *
 * - the measured brand: 20 offers, 2,000 members with a popularity skew (Zipf-like: a member's
 *   rank r gets clicks ∝ 1/r), 30 projects, each member's links on 1–4 offers (the popular ones
 *   on more) and deep links for a third of them;
 * - `clicks` clicks over the last 90 days with a daily skew (growth, weekends, a few campaign
 *   spikes) and an evening-heavy hour of day, spread over members by popularity and over a
 *   member's links (the first one most); ~5 % bots; devices mobile 68 %, desktop 25 %, tablet 5 %,
 *   other 2 %; ~60 countries with a long tail (and 2 % unknown); referrers with a long tail (40 %
 *   none, the big social networks, 3,000 small domains); sub ids the way creators use them: `sub1`
 *   like `reel_12` on a fifth of clicks, `sub2` (`story_…`) on 6 %, `sub3` (campaigns) on 3 %,
 *   `sub4` (free-form ids, high cardinality) on 1 %, `sub5` on 0.5 %; ~75 % unique;
 * - conversions: `conversions` of the measured brand's human clicks (default 2 % of clicks:
 *   200,000 at 10M), reported up to 7 days after their click; 55 % pending, 30 % approved,
 *   10 % rejected, 5 % reversed; sale 5–200 USD, commission 10 %;
 * - 10 other brands with `otherClicks` clicks between them (default a tenth of `clicks`), same
 *   shapes, 2 offers and 100 members each.
 *
 * Used by `bench:dashboard` (bench/dashboard.ts). The caller folds the rollups afterwards.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client';

export interface RealisticOptions {
  clicks: number;
  conversions?: number;
  otherClicks?: number;
  /** Log progress. */
  log?: (line: string) => void;
}

const COUNTRIES = [
  'US', 'GB', 'DE', 'FR', 'CA', 'AU', 'ES', 'IT', 'NL', 'BR', 'MX', 'IN', 'SE', 'PL', 'BE', 'CH',
  'AT', 'IE', 'DK', 'NO', 'FI', 'PT', 'JP', 'KR', 'SG', 'NZ', 'ZA', 'AE', 'SA', 'TR', 'IL', 'AR',
  'CL', 'CO', 'PE', 'PH', 'ID', 'MY', 'TH', 'VN', 'HK', 'TW', 'CZ', 'HU', 'RO', 'GR', 'UA', 'NG',
  'KE', 'EG', 'MA', 'PK', 'BD', 'LK', 'EE', 'LV', 'LT', 'SK', 'SI', 'HR',
]; // prettier-ignore

const BIG_REFERRERS = [
  'https://www.instagram.com/', 'https://l.instagram.com/', 'https://www.tiktok.com/',
  'https://www.youtube.com/', 'https://t.co/', 'https://www.facebook.com/', 'https://lm.facebook.com/',
  'https://www.pinterest.com/', 'https://www.reddit.com/', 'https://www.snapchat.com/',
  'https://linktr.ee/', 'https://www.google.com/', 'https://www.twitch.tv/', 'https://www.linkedin.com/',
]; // prettier-ignore

/** A rank in 1..n drawn with P(r) ∝ 1/r (log-uniform): the popularity skew. */
const zipf = (n: number) => sql.raw(`least(${n}, floor(exp(random() * ln(${n + 1})))::int)`);

export async function generateRealistic(db: Tx, brandId: string, options: RealisticOptions) {
  const log = options.log ?? (() => {});
  const conversions = options.conversions ?? Math.round(options.clicks * 0.02);
  const otherClicks = options.otherClicks ?? Math.round(options.clicks / 10);
  const exec = (q: ReturnType<typeof sql>) => db.execute(q);
  await exec(sql`set synchronous_commit = off`);

  // Other brands: 10, each with 2 offers and 100 members.
  await exec(sql`
    insert into brands (name, postback_token, publishable_key)
    select 'Bench other brand ' || i, 'pb_bench_other_' || i, 'pk_bench_other_' || i
      from generate_series(1, 10) i`);
  const brandSet = sql`(select id from brands where id = ${brandId} or name like 'Bench other brand %')`;
  await exec(sql`
    insert into offers (brand_id, name, offer_url)
    select b.id, 'Offer ' || o, 'https://shop.example.com/offer-' || o
      from brands b, generate_series(1, 20) o
     where b.id in ${brandSet} and (b.id = ${brandId} or o <= 2)`);
  await exec(sql`
    insert into payout_options (brand_id, offer_id, title, type, percent, is_default)
    select brand_id, id, 'Standard', 'cps_percent', 10, true from offers
     where brand_id in ${brandSet}`);
  // Members, ranked by popularity (rank 1 = the most clicked).
  await exec(sql`
    insert into members (brand_id, name, email)
    select b.id, 'Creator ' || m, 'creator' || m || '.' || left(b.id::text, 8) || '@example.com'
      from brands b, generate_series(1, 2000) m
     where b.id in ${brandSet} and (b.id = ${brandId} or m <= 100)`);
  await exec(sql`
    insert into projects (brand_id, name)
    select ${brandId}, 'Project ' || p from generate_series(1, 30) p`);
  // Two thirds of the members are in a project, a few in two.
  await exec(sql`
    insert into project_members (project_id, member_id, brand_id)
    select distinct p.id, m.id, m.brand_id
      from members m
      cross join lateral (values (1 + abs(hashtext(m.email)) % 45), (1 + abs(hashtext(m.email || 'x')) % 300)) k(n)
      join projects p on p.brand_id = m.brand_id and p.name = 'Project ' || k.n
     where m.brand_id = ${brandId}`);
  // Ranks and links: member rank r is on 1–4 offers (more for the popular), each offer's main
  // link, and a third of the members have 1–3 deep links on their first offer.
  await exec(sql`drop table if exists bench_members`);
  await exec(sql`
    create unlogged table bench_members as
    select m.id as member_id, m.brand_id,
           row_number() over (partition by m.brand_id order by m.created_at, m.name) as rank
      from members m where m.brand_id in ${brandSet}`);
  await exec(sql`
    insert into links (brand_id, offer_id, member_id, payout_option_id, code)
    select bm.brand_id, o.id, bm.member_id, po.id, md5(bm.member_id::text || o.id::text)
      from bench_members bm
      cross join lateral (
        select o.id from offers o where o.brand_id = bm.brand_id
         order by md5(o.id::text || bm.member_id::text)
         limit case when bm.rank <= 50 then 4 when bm.rank <= 400 then 3
                    when bm.rank <= 1200 then 2 else 1 end) o
      join payout_options po on po.offer_id = o.id`);
  await exec(sql`
    insert into links (brand_id, offer_id, member_id, payout_option_id, code, deep_link)
    select l.brand_id, l.offer_id, l.member_id, l.payout_option_id,
           md5(l.id::text || d), 'https://shop.example.com/product-' || (abs(hashtext(l.id::text || d)) % 5000)
      from (select distinct on (l.member_id) l.* from links l join bench_members bm on bm.member_id = l.member_id
             where l.brand_id = ${brandId} and bm.rank % 3 = 0 order by l.member_id, l.created_at, l.id) l
      cross join generate_series(1, 1 + abs(hashtext(l.member_id::text)) % 3) d`);
  // Each member's links numbered 0..n-1, the main links first.
  await exec(sql`drop table if exists bench_links`);
  await exec(sql`
    create unlogged table bench_links as
    select bm.brand_id, bm.rank, l.id as link_id, l.offer_id, l.member_id,
           (row_number() over (partition by l.member_id order by l.deep_link nulls first, l.id) - 1)::int as idx,
           count(*) over (partition by l.member_id)::int as n
      from links l join bench_members bm on bm.member_id = l.member_id`);
  await exec(sql`drop table if exists bench_ranks`);
  await exec(
    sql`create unlogged table bench_ranks as select distinct brand_id, rank, n from bench_links`,
  );
  await exec(sql`analyze bench_links`);
  await exec(sql`analyze bench_ranks`);

  const countries = sql.raw(`(array[${COUNTRIES.map((c) => `'${c}'`).join(',')}])`);
  const referrers = sql.raw(`(array[${BIG_REFERRERS.map((c) => `'${c}'`).join(',')}])`);
  // The measured brand's clicks, in chunks of at most 2M (memory for the sort of the insert).
  const chunk = 2_000_000;
  const insertClicks = async (
    brandCondition: ReturnType<typeof sql>,
    members: number,
    count: number,
  ) => {
    for (let done = 0; done < count; done += chunk) {
      const n = Math.min(chunk, count - done);
      await exec(sql`
        with d as (
          select k, (date_trunc('day', now()) - make_interval(days => k)) as day,
                 (1.5 - k / 90.0) * (case when extract(isodow from now() - make_interval(days => k)) >= 6 then 1.25 else 1 end)
                 * (case when k in (9, 33, 51, 77) then 3 else 1 end) as w
            from generate_series(0, 89) k
        ), n as (select d.*, round(${n} * w / sum(w) over ())::int as clicks from d),
        g as (
          select n.day + make_interval(secs => 86400 * (case when random() < 0.7
                   then 0.5 + (random() + random() + random()) / 6 else random() end)) as at,
                 b.id as brand_id, ${zipf(members)} as rank, random() as r0, random() as r1,
                 random() as r2, random() as r3, random() as r4, random() as r5
            from n cross join (select id from brands where ${brandCondition}) b,
                 generate_series(1, n.clicks / (select count(*) from brands where ${brandCondition})::int)
        ), m as (
          select g.*, r.n as nlinks from g join bench_ranks r on r.brand_id = g.brand_id and r.rank = g.rank
        )
        insert into clicks (id, brand_id, offer_id, link_id, member_id, created_at, ip_hash,
                            user_agent, referrer, country, device, is_bot, is_unique,
                            sub1, sub2, sub3, sub4, sub5)
        select (lpad(to_hex((extract(epoch from least(m.at, now())) * 1000)::bigint), 12, '0') || '7'
                  || substr(md5(random()::text), 1, 19))::uuid,
               l.brand_id, l.offer_id, l.link_id, l.member_id, least(m.at, now()), md5(random()::text),
               'Mozilla/5.0',
               case when m.r1 < 0.40 then null
                    when m.r1 < 0.93 then ${referrers}[1 + floor(power((m.r1 - 0.40) / 0.53, 2.5) * 14)::int] || 'p/' || floor(m.r2 * 1000)::int
                    else 'https://blog' || floor(power(m.r2, 2) * 3000)::int || '.example.net/post' end,
               case when m.r2 < 0.02 then null
                    else ${countries}[least(60, floor(exp(m.r3 * ln(61)))::int)] end,
               (case when m.r4 < 0.05 then 'bot' when m.r4 < 0.05 + 0.95 * 0.68 then 'mobile'
                     when m.r4 < 0.05 + 0.95 * 0.93 then 'desktop' when m.r4 < 0.05 + 0.95 * 0.98 then 'tablet'
                     else 'other' end)::device_class,
               m.r4 < 0.05, m.r5 < 0.75,
               case when m.r5 * 5 - floor(m.r5 * 5) < 0.2 then 'reel_' || least(300, floor(exp(m.r3 * ln(301)))::int) end,
               case when m.r1 * 17 - floor(m.r1 * 17) < 0.06 then 'story_' || floor(m.r2 * 60)::int end,
               case when m.r2 * 13 - floor(m.r2 * 13) < 0.03 then 'camp_' || floor(m.r3 * 400)::int end,
               case when m.r3 * 11 - floor(m.r3 * 11) < 0.01 then 'id' || floor(random() * 1000000)::int end,
               case when m.r4 * 19 - floor(m.r4 * 19) < 0.005 then 'v' || floor(m.r1 * 20)::int end
          from m
          join bench_links l on l.brand_id = m.brand_id and l.rank = m.rank
           and l.idx = case when m.r0 < 0.5 then 0 else floor(power(m.r0 * 2 - 1, 2) * m.nlinks)::int end
         order by 6`);
      log(`    ${(done + n).toLocaleString('en-US')} clicks`);
    }
  };
  await insertClicks(sql`id = ${brandId}`, 2000, options.clicks);
  await insertClicks(sql`name like 'Bench other brand %'`, 100, otherClicks);

  // Conversions: a sample of the human clicks of every brand (the measured brand's share set by
  // `conversions`), reported up to 7 days after the click.
  const share = Math.min(1, conversions / (options.clicks * 0.95));
  await exec(sql`
    insert into conversions (brand_id, offer_id, link_id, member_id, click_id, click_ref, order_id,
                             amount_minor, currency, commission_minor, status, reject_reason,
                             source, created_at, approved_at)
    select c.brand_id, c.offer_id, c.link_id, c.member_id, c.id, c.id::text, 'o-' || c.id,
           a.amount, 'USD', a.amount / 10,
           (case when a.r < 0.55 then 'pending' when a.r < 0.85 then 'approved'
                 when a.r < 0.95 then 'rejected' else 'reversed' end)::conversion_status,
           case when a.r >= 0.85 and a.r < 0.95 then 'returned_order'::reject_reason end,
           'postback', least(now(), c.created_at + a.late), 
           case when a.r >= 0.55 and a.r < 0.85 or a.r >= 0.95 then least(now(), c.created_at + a.late + interval '1 day') end
      from clicks c
      cross join lateral (select 500 + floor(random() * 19500)::int8 as amount, random() as r,
                                 make_interval(secs => power(random(), 3) * 7 * 86400) as late
                           -- Correlated, so PostgreSQL draws per click (uncorrelated, the
                           -- lateral ran once: every conversion had one status and amount).
                           where c.id is not null) a
     where c.brand_id in ${brandSet} and not c.is_bot and random() < ${share}`);
  await exec(sql`drop table if exists bench_members`);
  await exec(sql`drop table if exists bench_links`);
  await exec(sql`drop table if exists bench_ranks`);
  await exec(sql`analyze`);
}

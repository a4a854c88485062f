-- Top values per month and the fold by batch (docs/decisions/058-top-values.md,
-- 059-fold-by-batch.md). stats_values loses its offer (migration top_values); an offer with a
-- click attribute is stats_offer_values. Referrer domains and sub ids keep the brand's top values
-- of each month (stats_value_keys; every attribute but the device in stats_offer_values, the
-- country in stats_member_values), the rest of the month counted under the value chr(1), "all
-- others": the totals stay exact and the rollups stop growing with the tails. The fold reads the
-- clicks made since the earliest click batch (stats_click_batches) it has not folded, not a
-- 10-minute window. The rollups are rebuilt from raw rows: the watermark is reset (the next fold
-- reads every click) and every stored conversion becomes a delta again.
UPDATE stats_watermark SET snapshot = NULL, folded_at = '-infinity';
--> statement-breakpoint
DELETE FROM stats_delta;
--> statement-breakpoint
-- How many values of an attribute keep their own rows per brand and month, by rollup ('v:'
-- stats_values, 'o:' stats_offer_values, 'mv:' stats_member_values); null: all of them (the
-- device has five values; countries are bounded in stats_values).
CREATE OR REPLACE FUNCTION stats_value_cap(dim text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN dim IN ('v:device', 'v:country', 'o:device', 'mv:device') THEN NULL
              WHEN dim LIKE 'v:%' THEN 100
              WHEN dim = 'mv:country' THEN 10
              ELSE 20 END
$$;
--> statement-breakpoint
-- The session's scratch table of rows to fold (one fold at a time: the watermark's lock).
CREATE OR REPLACE FUNCTION stats_fold_scratch() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass('pg_temp.stats_fold_rows') IS NULL THEN
    CREATE TEMP TABLE stats_fold_rows ON COMMIT DELETE ROWS AS
      SELECT *, NULL::date AS day FROM stats_delta WITH NO DATA;
  END IF;
END
$$;
--> statement-breakpoint
-- Adds the rows of the scratch table (keys, counters and the brand's day) into the rollups.
CREATE OR REPLACE FUNCTION stats_fold_apply() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- The month's kept values: while a (brand, attribute, month) has room, the top values of the 28
  -- days before the month (from stats_values), then those of this fold by clicks and
  -- conversions. Once full it never changes, so a value is kept for a whole month or not at all.
  IF EXISTS (
    SELECT 1
      FROM (SELECT DISTINCT r.brand_id, m.kind, m.month
              FROM stats_fold_rows r
              CROSS JOIN LATERAL (VALUES ('v', date_trunc('month', r.day)::date), ('o', date_trunc('month', r.day)::date),
                                         ('mv', date_trunc('month', date_trunc('week', r.day))::date)) m(kind, month)) g
      CROSS JOIN (VALUES ('referrer'), ('sub1'), ('sub2'), ('sub3'), ('sub4'), ('sub5'), ('country')) a(attr)
     WHERE stats_value_cap(g.kind || ':' || a.attr) >
           (SELECT count(*) FROM stats_value_keys k
             WHERE k.brand_id = g.brand_id AND k.dim = g.kind || ':' || a.attr AND k.month = g.month)) THEN
    WITH per_day AS (
      SELECT r.brand_id, r.day, a.attr, a.value, sum(r.clicks + r.bot_clicks + r.conversions)::numeric AS weight
        FROM stats_fold_rows r
        CROSS JOIN LATERAL (VALUES ('referrer', r.referrer_domain), ('sub1', r.sub1), ('sub2', r.sub2), ('sub3', r.sub3),
                                   ('sub4', r.sub4), ('sub5', r.sub5), ('country', r.country)) a(attr, value)
       WHERE a.value <> chr(1)
       GROUP BY 1, 2, 3, 4
    ), cand AS (
      SELECT p.brand_id, m.kind || ':' || p.attr AS dim, m.month, p.value, sum(p.weight) AS weight
        FROM per_day p
        CROSS JOIN LATERAL (VALUES ('v', date_trunc('month', p.day)::date), ('o', date_trunc('month', p.day)::date),
                                   ('mv', date_trunc('month', date_trunc('week', p.day))::date)) m(kind, month)
       WHERE stats_value_cap(m.kind || ':' || p.attr) IS NOT NULL
       GROUP BY 1, 2, 3, 4
    ), open AS (
      SELECT g.brand_id, g.dim, g.month, stats_value_cap(g.dim) - (SELECT count(*) FROM stats_value_keys k
               WHERE k.brand_id = g.brand_id AND k.dim = g.dim AND k.month = g.month) AS room
        FROM (SELECT DISTINCT brand_id, dim, month FROM cand) g
    ), hist AS (
      -- The top values of the 28 days before the month (its kept values then).
      SELECT o.brand_id, o.dim, o.month, h.value, sum(h.clicks + h.bot_clicks + h.conversions)::numeric AS weight
        FROM open o
        JOIN stats_values h ON h.brand_id = o.brand_id AND h.dim = split_part(o.dim, ':', 2) AND h.grain = 'd'
                           AND h.day >= o.month - 28 AND h.day < o.month AND h.value <> chr(1)
       WHERE o.room > 0
       GROUP BY 1, 2, 3, 4
    ), best AS (
      SELECT y.brand_id, y.dim, y.month, y.value, min(y.pri) AS pri, sum(y.weight) AS weight
        FROM (SELECT brand_id, dim, month, value, 0 AS pri, weight FROM hist
              UNION ALL
              SELECT c.brand_id, c.dim, c.month, c.value, 1, c.weight
                FROM cand c JOIN open o ON o.brand_id = c.brand_id AND o.dim = c.dim AND o.month = c.month
               WHERE o.room > 0) y
       GROUP BY 1, 2, 3, 4
    ), ranked AS (
      SELECT b.brand_id, b.dim, b.month, b.value, o.room,
             row_number() OVER (PARTITION BY b.brand_id, b.dim, b.month ORDER BY b.pri, b.weight DESC, b.value) AS n
        FROM best b
        JOIN open o ON o.brand_id = b.brand_id AND o.dim = b.dim AND o.month = b.month
       WHERE NOT EXISTS (SELECT 1 FROM stats_value_keys k WHERE k.brand_id = b.brand_id AND k.dim = b.dim
                           AND k.month = b.month AND k.value = b.value)
    )
    INSERT INTO stats_value_keys (brand_id, dim, month, value)
    SELECT brand_id, dim, month, value FROM ranked WHERE n <= room
    ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO stats_hours (brand_id, hour, offer_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT d.brand_id, d.hour, d.offer_id, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
    FROM stats_fold_rows d
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT ON CONSTRAINT stats_hours_pkey DO UPDATE SET
    clicks = stats_hours.clicks + excluded.clicks,
    unique_clicks = stats_hours.unique_clicks + excluded.unique_clicks,
    bot_clicks = stats_hours.bot_clicks + excluded.bot_clicks,
    conversions = stats_hours.conversions + excluded.conversions,
    sales_minor = stats_hours.sales_minor + excluded.sales_minor,
    commission_minor = stats_hours.commission_minor + excluded.commission_minor,
    pending_minor = stats_hours.pending_minor + excluded.pending_minor,
    approved_minor = stats_hours.approved_minor + excluded.approved_minor,
    paid_minor = stats_hours.paid_minor + excluded.paid_minor,
    rejected = stats_hours.rejected + excluded.rejected,
    reversed = stats_hours.reversed + excluded.reversed;
  -- Per day first (one aggregate of the rows), then each grain from the day rows.
  WITH p AS (
    SELECT d.brand_id, d.day, d.offer_id, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d
     GROUP BY 1, 2, 3, 4
  )
  INSERT INTO stats_offers (brand_id, grain, day, offer_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT p.brand_id, g.grain, g.day, p.offer_id, p.currency, sum(p.clicks), sum(p.unique_clicks), sum(p.bot_clicks), sum(p.conversions), sum(p.sales_minor), sum(p.commission_minor), sum(p.pending_minor), sum(p.approved_minor), sum(p.paid_minor), sum(p.rejected), sum(p.reversed)
    FROM p CROSS JOIN LATERAL (VALUES ('d', p.day), ('w', date_trunc('week', p.day)::date), ('m', date_trunc('month', p.day)::date)) g(grain, day)
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT stats_offers_pkey DO UPDATE SET
    clicks = stats_offers.clicks + excluded.clicks,
    unique_clicks = stats_offers.unique_clicks + excluded.unique_clicks,
    bot_clicks = stats_offers.bot_clicks + excluded.bot_clicks,
    conversions = stats_offers.conversions + excluded.conversions,
    sales_minor = stats_offers.sales_minor + excluded.sales_minor,
    commission_minor = stats_offers.commission_minor + excluded.commission_minor,
    pending_minor = stats_offers.pending_minor + excluded.pending_minor,
    approved_minor = stats_offers.approved_minor + excluded.approved_minor,
    paid_minor = stats_offers.paid_minor + excluded.paid_minor,
    rejected = stats_offers.rejected + excluded.rejected,
    reversed = stats_offers.reversed + excluded.reversed;
  -- Per day first (one aggregate of the rows), then each grain from the day rows.
  WITH p AS (
    SELECT d.brand_id, d.day, d.offer_id, d.member_id, d.link_id, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d
     GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO stats_links (brand_id, grain, day, offer_id, member_id, link_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT p.brand_id, g.grain, g.day, p.offer_id, p.member_id, p.link_id, p.currency, sum(p.clicks), sum(p.unique_clicks), sum(p.bot_clicks), sum(p.conversions), sum(p.sales_minor), sum(p.commission_minor), sum(p.pending_minor), sum(p.approved_minor), sum(p.paid_minor), sum(p.rejected), sum(p.reversed)
    FROM p CROSS JOIN LATERAL (VALUES ('d', p.day), ('w', date_trunc('week', p.day)::date), ('m', date_trunc('month', p.day)::date)) g(grain, day)
   GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT stats_links_pkey DO UPDATE SET
    clicks = stats_links.clicks + excluded.clicks,
    unique_clicks = stats_links.unique_clicks + excluded.unique_clicks,
    bot_clicks = stats_links.bot_clicks + excluded.bot_clicks,
    conversions = stats_links.conversions + excluded.conversions,
    sales_minor = stats_links.sales_minor + excluded.sales_minor,
    commission_minor = stats_links.commission_minor + excluded.commission_minor,
    pending_minor = stats_links.pending_minor + excluded.pending_minor,
    approved_minor = stats_links.approved_minor + excluded.approved_minor,
    paid_minor = stats_links.paid_minor + excluded.paid_minor,
    rejected = stats_links.rejected + excluded.rejected,
    reversed = stats_links.reversed + excluded.reversed;
  -- Per day first (one aggregate of the rows), then each grain from the day rows.
  WITH p AS (
    SELECT d.brand_id, d.day, v.dim, CASE WHEN k.value IS NOT NULL OR stats_value_cap('v:' || v.dim) IS NULL THEN v.value ELSE chr(1) END AS value, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country), ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2), ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5)) v(dim, value)
        LEFT JOIN stats_value_keys k ON stats_value_cap('v:' || v.dim) IS NOT NULL AND k.brand_id = d.brand_id
          AND k.dim = 'v:' || v.dim AND k.month = date_trunc('month', d.day)::date AND k.value = v.value
     GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO stats_values (brand_id, grain, day, dim, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT p.brand_id, g.grain, g.day, p.dim, p.value, p.currency, sum(p.clicks), sum(p.unique_clicks), sum(p.bot_clicks), sum(p.conversions), sum(p.sales_minor), sum(p.commission_minor), sum(p.pending_minor), sum(p.approved_minor), sum(p.paid_minor), sum(p.rejected), sum(p.reversed)
    FROM p CROSS JOIN LATERAL (VALUES ('d', p.day), ('m', date_trunc('month', p.day)::date)) g(grain, day)
   GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT stats_values_pkey DO UPDATE SET
    clicks = stats_values.clicks + excluded.clicks,
    unique_clicks = stats_values.unique_clicks + excluded.unique_clicks,
    bot_clicks = stats_values.bot_clicks + excluded.bot_clicks,
    conversions = stats_values.conversions + excluded.conversions,
    sales_minor = stats_values.sales_minor + excluded.sales_minor,
    commission_minor = stats_values.commission_minor + excluded.commission_minor,
    pending_minor = stats_values.pending_minor + excluded.pending_minor,
    approved_minor = stats_values.approved_minor + excluded.approved_minor,
    paid_minor = stats_values.paid_minor + excluded.paid_minor,
    rejected = stats_values.rejected + excluded.rejected,
    reversed = stats_values.reversed + excluded.reversed;
  -- Per day first (one aggregate of the rows), then each grain from the day rows.
  WITH p AS (
    SELECT d.brand_id, d.day, v.dim, d.offer_id, CASE WHEN k.value IS NOT NULL OR stats_value_cap('o:' || v.dim) IS NULL THEN v.value ELSE chr(1) END AS value, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country), ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2), ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5)) v(dim, value)
        LEFT JOIN stats_value_keys k ON stats_value_cap('o:' || v.dim) IS NOT NULL AND k.brand_id = d.brand_id
          AND k.dim = 'o:' || v.dim AND k.month = date_trunc('month', d.day)::date AND k.value = v.value
     GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO stats_offer_values (brand_id, grain, day, dim, offer_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT p.brand_id, g.grain, g.day, p.dim, p.offer_id, p.value, p.currency, sum(p.clicks), sum(p.unique_clicks), sum(p.bot_clicks), sum(p.conversions), sum(p.sales_minor), sum(p.commission_minor), sum(p.pending_minor), sum(p.approved_minor), sum(p.paid_minor), sum(p.rejected), sum(p.reversed)
    FROM p CROSS JOIN LATERAL (VALUES ('d', p.day), ('m', date_trunc('month', p.day)::date)) g(grain, day)
   GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT stats_offer_values_pkey DO UPDATE SET
    clicks = stats_offer_values.clicks + excluded.clicks,
    unique_clicks = stats_offer_values.unique_clicks + excluded.unique_clicks,
    bot_clicks = stats_offer_values.bot_clicks + excluded.bot_clicks,
    conversions = stats_offer_values.conversions + excluded.conversions,
    sales_minor = stats_offer_values.sales_minor + excluded.sales_minor,
    commission_minor = stats_offer_values.commission_minor + excluded.commission_minor,
    pending_minor = stats_offer_values.pending_minor + excluded.pending_minor,
    approved_minor = stats_offer_values.approved_minor + excluded.approved_minor,
    paid_minor = stats_offer_values.paid_minor + excluded.paid_minor,
    rejected = stats_offer_values.rejected + excluded.rejected,
    reversed = stats_offer_values.reversed + excluded.reversed;
  INSERT INTO stats_member_values (brand_id, dim, day, member_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT d.brand_id, v.dim, date_trunc('week', d.day)::date, d.member_id, CASE WHEN k.value IS NOT NULL OR stats_value_cap('mv:' || v.dim) IS NULL THEN v.value ELSE chr(1) END, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
    FROM stats_fold_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country)) v(dim, value)
        LEFT JOIN stats_value_keys k ON stats_value_cap('mv:' || v.dim) IS NOT NULL AND k.brand_id = d.brand_id
          AND k.dim = 'mv:' || v.dim AND k.month = date_trunc('month', date_trunc('week', d.day))::date AND k.value = v.value
   GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT stats_member_values_pkey DO UPDATE SET
    clicks = stats_member_values.clicks + excluded.clicks,
    unique_clicks = stats_member_values.unique_clicks + excluded.unique_clicks,
    bot_clicks = stats_member_values.bot_clicks + excluded.bot_clicks,
    conversions = stats_member_values.conversions + excluded.conversions,
    sales_minor = stats_member_values.sales_minor + excluded.sales_minor,
    commission_minor = stats_member_values.commission_minor + excluded.commission_minor,
    pending_minor = stats_member_values.pending_minor + excluded.pending_minor,
    approved_minor = stats_member_values.approved_minor + excluded.approved_minor,
    paid_minor = stats_member_values.paid_minor + excluded.paid_minor,
    rejected = stats_member_values.rejected + excluded.rejected,
    reversed = stats_member_values.reversed + excluded.reversed;
END
$$;
--> statement-breakpoint
-- Folds into the rollups the clicks committed since the last fold and every waiting delta
-- (decision 018: snapshot watermark, one fold at a time: -1 when another runs). Clicks are read
-- from the earliest click time of the batches the last fold did not see (stats_click_batches),
-- or from the last fold's start - slack for clicks written otherwise. Returns the number of
-- delta keys folded.
CREATE OR REPLACE FUNCTION stats_fold(slack interval) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  prev pg_snapshot;
  prev_at timestamptz;
  new_snap pg_snapshot;
  ref_xid bigint;
  touched bigint;
BEGIN
  SELECT snapshot::pg_snapshot, folded_at INTO prev, prev_at
    FROM stats_watermark WHERE id = 1 FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN RETURN -1; END IF;
  PERFORM stats_fold_scratch();
  DELETE FROM stats_fold_rows;
  -- One statement: its snapshot reads the batches, the clicks and the deltas alike.
  WITH snap AS MATERIALIZED (
    SELECT pg_current_snapshot() AS s, pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS x
  ), since AS MATERIALIZED (
    SELECT least(prev_at - slack,
                 (SELECT min(b.created_from) FROM stats_click_batches b
                   WHERE prev IS NULL
                      OR NOT pg_visible_in_snapshot(stats_xid8(b.xmin, (SELECT x FROM snap)), prev))) AS t
  ), fresh AS (
    SELECT c.* FROM clicks c
     WHERE c.created_at >= (SELECT t FROM since)
       AND (prev IS NULL
            OR NOT pg_visible_in_snapshot(stats_xid8(c.xmin, (SELECT x FROM snap)), prev))
  ), click_deltas AS (
    SELECT f.brand_id, date_trunc('hour', f.created_at) AS hour, f.offer_id, f.member_id,
           f.link_id, f.device, left(coalesce(f.country, ''), 200) AS country,
           stats_referrer_domain(f.referrer) AS referrer_domain,
           left(coalesce(f.sub1, ''), 200) AS sub1, left(coalesce(f.sub2, ''), 200) AS sub2,
           left(coalesce(f.sub3, ''), 200) AS sub3, left(coalesce(f.sub4, ''), 200) AS sub4,
           left(coalesce(f.sub5, ''), 200) AS sub5, coalesce(o.currency, '') AS currency,
           count(*) FILTER (WHERE NOT f.is_bot) AS clicks,
           count(*) FILTER (WHERE NOT f.is_bot AND f.is_unique) AS unique_clicks,
           count(*) FILTER (WHERE f.is_bot) AS bot_clicks,
           0::int8 AS conversions, 0::int8 AS sales_minor, 0::int8 AS commission_minor,
           0::int8 AS pending_minor, 0::int8 AS approved_minor, 0::int8 AS paid_minor,
           0::int8 AS rejected, 0::int8 AS reversed
      FROM fresh f
      LEFT JOIN offers o ON o.id = f.offer_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
  ), waiting AS (
    DELETE FROM stats_delta RETURNING *
  ), ins AS (
    INSERT INTO stats_fold_rows
    SELECT d.*, (d.hour AT TIME ZONE b.time_zone)::date AS day
      FROM (SELECT brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, sum(clicks)::int8 AS clicks, sum(unique_clicks)::int8 AS unique_clicks, sum(bot_clicks)::int8 AS bot_clicks, sum(conversions)::int8 AS conversions, sum(sales_minor)::int8 AS sales_minor, sum(commission_minor)::int8 AS commission_minor, sum(pending_minor)::int8 AS pending_minor, sum(approved_minor)::int8 AS approved_minor, sum(paid_minor)::int8 AS paid_minor, sum(rejected)::int8 AS rejected, sum(reversed)::int8 AS reversed
              FROM (SELECT * FROM click_deltas UNION ALL SELECT * FROM waiting) x
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14) d
      JOIN brands b ON b.id = d.brand_id
    RETURNING 1
  )
  SELECT (SELECT s FROM snap), (SELECT x FROM snap), (SELECT count(*) FROM ins)
    INTO new_snap, ref_xid, touched;
  IF touched > 50000 THEN ANALYZE stats_fold_rows; END IF;
  IF touched > 0 THEN PERFORM stats_fold_apply(); END IF;
  UPDATE stats_watermark SET snapshot = new_snap::text, folded_at = now() WHERE id = 1;
  -- The batches this fold has read.
  DELETE FROM stats_click_batches b WHERE pg_visible_in_snapshot(stats_xid8(b.xmin, ref_xid), new_snap);
  IF touched > 50000 THEN TRUNCATE stats_fold_rows; ELSE DELETE FROM stats_fold_rows; END IF;
  RETURN touched;
END
$$;
--> statement-breakpoint
-- Recomputes one brand's rollups (and its kept values) from its raw rows (after its time zone
-- changed: days are the brand's days). Holds the watermark (no fold meanwhile): counts the clicks
-- the last fold counted (visible in its snapshot) and the conversions as they stand, and drops
-- the brand's waiting deltas in the same statement that reads the conversions. Clicks dropped by
-- retention are not in the raw rows: their days lose their click counts.
CREATE OR REPLACE FUNCTION stats_rebuild_brand(p_brand uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  prev pg_snapshot;
  cur bigint;
  n bigint;
BEGIN
  SELECT snapshot::pg_snapshot INTO prev FROM stats_watermark WHERE id = 1 FOR UPDATE;
  cur := pg_snapshot_xmax(pg_current_snapshot())::text::bigint;
  PERFORM stats_fold_scratch();
  DELETE FROM stats_fold_rows;
  WITH dropped AS (
    DELETE FROM stats_delta WHERE brand_id = p_brand RETURNING 1
  ), click_rows AS (
    SELECT f.brand_id, date_trunc('hour', f.created_at) AS hour, f.offer_id, f.member_id,
           f.link_id, f.device, left(coalesce(f.country, ''), 200) AS country,
           stats_referrer_domain(f.referrer) AS referrer_domain,
           left(coalesce(f.sub1, ''), 200) AS sub1, left(coalesce(f.sub2, ''), 200) AS sub2,
           left(coalesce(f.sub3, ''), 200) AS sub3, left(coalesce(f.sub4, ''), 200) AS sub4,
           left(coalesce(f.sub5, ''), 200) AS sub5, coalesce(o.currency, '') AS currency,
           count(*) FILTER (WHERE NOT f.is_bot) AS clicks,
           count(*) FILTER (WHERE NOT f.is_bot AND f.is_unique) AS unique_clicks,
           count(*) FILTER (WHERE f.is_bot) AS bot_clicks,
           0::int8 AS conversions, 0::int8 AS sales_minor, 0::int8 AS commission_minor,
           0::int8 AS pending_minor, 0::int8 AS approved_minor, 0::int8 AS paid_minor,
           0::int8 AS rejected, 0::int8 AS reversed
      FROM clicks f
      LEFT JOIN offers o ON o.id = f.offer_id
     WHERE f.brand_id = p_brand AND prev IS NOT NULL
       AND pg_visible_in_snapshot(stats_xid8(f.xmin, cur), prev)
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
  ), conversion_rows AS (
    SELECT x.brand_id, date_trunc('hour', x.created_at) AS hour, x.offer_id,
           coalesce(x.member_id, '00000000-0000-0000-0000-000000000000') AS member_id,
           coalesce(x.link_id, '00000000-0000-0000-0000-000000000000') AS link_id,
           coalesce(c.device, 'other') AS device, left(coalesce(c.country, ''), 200) AS country,
           stats_referrer_domain(c.referrer) AS referrer_domain,
           left(coalesce(c.sub1, ''), 200) AS sub1, left(coalesce(c.sub2, ''), 200) AS sub2,
           left(coalesce(c.sub3, ''), 200) AS sub3, left(coalesce(c.sub4, ''), 200) AS sub4,
           left(coalesce(c.sub5, ''), 200) AS sub5, x.currency,
           0::int8 AS clicks, 0::int8 AS unique_clicks, 0::int8 AS bot_clicks,
           count(*) FILTER (WHERE x.status IN ('pending', 'approved')) AS conversions,
           coalesce(sum(coalesce(x.amount_minor, 0)) FILTER (WHERE x.status IN ('pending', 'approved')), 0)::int8 AS sales_minor,
           coalesce(sum(x.commission_minor) FILTER (WHERE x.status IN ('pending', 'approved')), 0)::int8 AS commission_minor,
           coalesce(sum(x.commission_minor) FILTER (WHERE x.status = 'pending'), 0)::int8 AS pending_minor,
           coalesce(sum(x.commission_minor) FILTER (WHERE x.status = 'approved' AND s.id IS NULL), 0)::int8 AS approved_minor,
           coalesce(sum(x.commission_minor) FILTER (WHERE x.status = 'approved' AND s.id IS NOT NULL), 0)::int8 AS paid_minor,
           count(*) FILTER (WHERE x.status = 'rejected') AS rejected,
           count(*) FILTER (WHERE x.status = 'reversed') AS reversed
      FROM conversions x
      LEFT JOIN clicks c ON c.id = x.click_id
      LEFT JOIN statements s ON s.id = x.statement_id AND s.status = 'paid'
     WHERE x.brand_id = p_brand AND x.status <> 'refused' AND x.offer_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
  )
  INSERT INTO stats_fold_rows
  SELECT d.*, (d.hour AT TIME ZONE b.time_zone)::date AS day
    FROM (SELECT brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, sum(clicks)::int8 AS clicks, sum(unique_clicks)::int8 AS unique_clicks, sum(bot_clicks)::int8 AS bot_clicks, sum(conversions)::int8 AS conversions, sum(sales_minor)::int8 AS sales_minor, sum(commission_minor)::int8 AS commission_minor, sum(pending_minor)::int8 AS pending_minor, sum(approved_minor)::int8 AS approved_minor, sum(paid_minor)::int8 AS paid_minor, sum(rejected)::int8 AS rejected, sum(reversed)::int8 AS reversed
            FROM (SELECT * FROM click_rows UNION ALL SELECT * FROM conversion_rows) x
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14) d
    JOIN brands b ON b.id = d.brand_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  DELETE FROM stats_hours WHERE brand_id = p_brand;
  DELETE FROM stats_offers WHERE brand_id = p_brand;
  DELETE FROM stats_links WHERE brand_id = p_brand;
  DELETE FROM stats_values WHERE brand_id = p_brand;
  DELETE FROM stats_offer_values WHERE brand_id = p_brand;
  DELETE FROM stats_member_values WHERE brand_id = p_brand;
  DELETE FROM stats_value_keys WHERE brand_id = p_brand;
  IF n > 50000 THEN ANALYZE stats_fold_rows; END IF;
  IF n > 0 THEN PERFORM stats_fold_apply(); END IF;
  IF n > 50000 THEN TRUNCATE stats_fold_rows; ELSE DELETE FROM stats_fold_rows; END IF;
END
$$;
--> statement-breakpoint
-- Every stored conversion becomes a delta again; the clicks are read by the next fold.
INSERT INTO stats_delta (brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
SELECT x.brand_id, date_trunc('hour', x.created_at), x.offer_id,
       coalesce(x.member_id, '00000000-0000-0000-0000-000000000000'),
       coalesce(x.link_id, '00000000-0000-0000-0000-000000000000'),
       coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
       stats_referrer_domain(c.referrer),
       left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
       left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
       left(coalesce(c.sub5, ''), 200), x.currency,
       0, 0, 0,
       count(*) FILTER (WHERE x.status IN ('pending', 'approved')),
       coalesce(sum(coalesce(x.amount_minor, 0)) FILTER (WHERE x.status IN ('pending', 'approved')), 0),
       coalesce(sum(x.commission_minor) FILTER (WHERE x.status IN ('pending', 'approved')), 0),
       coalesce(sum(x.commission_minor) FILTER (WHERE x.status = 'pending'), 0),
       coalesce(sum(x.commission_minor) FILTER (WHERE x.status = 'approved' AND s.id IS NULL), 0),
       coalesce(sum(x.commission_minor) FILTER (WHERE x.status = 'approved' AND s.id IS NOT NULL), 0),
       count(*) FILTER (WHERE x.status = 'rejected'),
       count(*) FILTER (WHERE x.status = 'reversed')
  FROM conversions x
  LEFT JOIN clicks c ON c.id = x.click_id
  LEFT JOIN statements s ON s.id = x.statement_id AND s.status = 'paid'
 WHERE x.status <> 'refused' AND x.offer_id IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14;

-- Narrow rollups (docs/decisions/040-narrow-rollups.md): stats_hourly and stats_daily are replaced
-- by stats_hours (UTC hour x offer) and, per day, ISO week and month of the brand (grain d, w,
-- m): stats_offers (x offer), stats_links (x offer x member x link), stats_values (x offer x one
-- click attribute; grains d and m) and stats_member_values (per ISO week x member x device or
-- country; migration member_values_weekly drops its offer and grain columns). The fold, the watermark and the deltas work
-- as in decision 018; only the tables written change. The rollups are rebuilt from raw rows: the
-- watermark is reset (the next fold reads every click) and every stored conversion becomes a
-- delta again.
UPDATE stats_watermark SET snapshot = NULL, folded_at = '-infinity';
--> statement-breakpoint
DELETE FROM stats_delta;
--> statement-breakpoint
-- Folds into the rollups the clicks committed since the last fold and every waiting delta
-- (decision 018: snapshot watermark, 10-minute slack, one fold at a time: -1 when another runs).
-- Returns the number of delta keys folded.
CREATE OR REPLACE FUNCTION stats_fold(slack interval) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  prev pg_snapshot;
  prev_at timestamptz;
  touched bigint;
BEGIN
  SELECT snapshot::pg_snapshot, folded_at INTO prev, prev_at
    FROM stats_watermark WHERE id = 1 FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN RETURN -1; END IF;
  -- A new statement: its snapshot is taken now, after the lock, so it sees the last fold's work.
  WITH snap AS MATERIALIZED (
    SELECT pg_current_snapshot() AS s, pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS x
  ), fresh AS (
    SELECT c.* FROM clicks c
     WHERE c.created_at >= prev_at - slack
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
  ), deltas AS MATERIALIZED (
    SELECT d.*, (d.hour AT TIME ZONE b.time_zone)::date AS day
      FROM (SELECT brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, sum(clicks)::int8 AS clicks, sum(unique_clicks)::int8 AS unique_clicks, sum(bot_clicks)::int8 AS bot_clicks, sum(conversions)::int8 AS conversions, sum(sales_minor)::int8 AS sales_minor, sum(commission_minor)::int8 AS commission_minor, sum(pending_minor)::int8 AS pending_minor, sum(approved_minor)::int8 AS approved_minor, sum(paid_minor)::int8 AS paid_minor, sum(rejected)::int8 AS rejected, sum(reversed)::int8 AS reversed
              FROM (SELECT * FROM click_deltas UNION ALL SELECT * FROM waiting) x
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14) d
      JOIN brands b ON b.id = d.brand_id
  ), hours_w AS (
    INSERT INTO stats_hours (brand_id, hour, offer_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, d.hour, d.offer_id, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM deltas d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
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
      reversed = stats_hours.reversed + excluded.reversed
    RETURNING 1
  ), offers_w AS (
    INSERT INTO stats_offers (brand_id, grain, day, offer_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, g.grain, g.day, d.offer_id, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM deltas d CROSS JOIN LATERAL (VALUES ('d', d.day), ('w', date_trunc('week', d.day)::date),
                                   ('m', date_trunc('month', d.day)::date)) g(grain, day)
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
      reversed = stats_offers.reversed + excluded.reversed
    RETURNING 1
  ), links_w AS (
    INSERT INTO stats_links (brand_id, grain, day, offer_id, member_id, link_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, g.grain, g.day, d.offer_id, d.member_id, d.link_id, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM deltas d CROSS JOIN LATERAL (VALUES ('d', d.day), ('w', date_trunc('week', d.day)::date),
                                   ('m', date_trunc('month', d.day)::date)) g(grain, day)
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
      reversed = stats_links.reversed + excluded.reversed
    RETURNING 1
  ), values_w AS (
    INSERT INTO stats_values (brand_id, dim, grain, day, offer_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, v.dim, g.grain, g.day, d.offer_id, v.value, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM deltas d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country), ('referrer', d.referrer_domain),
                                ('sub1', d.sub1), ('sub2', d.sub2), ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5)) v(dim, value)
      CROSS JOIN LATERAL (VALUES ('d', d.day), ('m', date_trunc('month', d.day)::date)) g(grain, day)
     GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
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
      reversed = stats_values.reversed + excluded.reversed
    RETURNING 1
  ), member_values_w AS (
    INSERT INTO stats_member_values (brand_id, dim, day, member_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, v.dim, date_trunc('week', d.day)::date, d.member_id, v.value, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM deltas d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country)) v(dim, value)
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
      reversed = stats_member_values.reversed + excluded.reversed
    RETURNING 1
  ), mark AS (
    UPDATE stats_watermark SET snapshot = (SELECT s::text FROM snap), folded_at = now()
     WHERE id = 1 RETURNING 1
  )
  SELECT (SELECT count(*) FROM deltas) + 0 * (SELECT count(*) FROM hours_w)
         + 0 * (SELECT count(*) FROM offers_w) + 0 * (SELECT count(*) FROM links_w) + 0 * (SELECT count(*) FROM values_w)
         + 0 * (SELECT count(*) FROM member_values_w) + 0 * (SELECT count(*) FROM mark)
    INTO touched;
  RETURN touched;
END
$$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS stats_rebuild_daily(uuid);
--> statement-breakpoint
-- Recomputes one brand's rollups from its raw rows (after its time zone changed: days are the
-- brand's days). Holds the watermark (no fold meanwhile): counts the clicks the last fold counted
-- (visible in its snapshot) and the conversions as they stand, and drops the brand's waiting
-- deltas in the same statement that reads the conversions (what they say is in that read).
-- Clicks dropped by retention are not in the raw rows: their days lose their click counts.
CREATE OR REPLACE FUNCTION stats_rebuild_brand(p_brand uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  prev pg_snapshot;
  cur bigint;
BEGIN
  SELECT snapshot::pg_snapshot INTO prev FROM stats_watermark WHERE id = 1 FOR UPDATE;
  cur := pg_snapshot_xmax(pg_current_snapshot())::text::bigint;
  CREATE TEMP TABLE stats_rebuild_rows ON COMMIT DROP AS
    SELECT *, NULL::date AS day FROM stats_delta WITH NO DATA;
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
  INSERT INTO stats_rebuild_rows
  SELECT d.*, (d.hour AT TIME ZONE b.time_zone)::date AS day
    FROM (SELECT brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, sum(clicks)::int8 AS clicks, sum(unique_clicks)::int8 AS unique_clicks, sum(bot_clicks)::int8 AS bot_clicks, sum(conversions)::int8 AS conversions, sum(sales_minor)::int8 AS sales_minor, sum(commission_minor)::int8 AS commission_minor, sum(pending_minor)::int8 AS pending_minor, sum(approved_minor)::int8 AS approved_minor, sum(paid_minor)::int8 AS paid_minor, sum(rejected)::int8 AS rejected, sum(reversed)::int8 AS reversed
            FROM (SELECT * FROM click_rows UNION ALL SELECT * FROM conversion_rows) x
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14) d
    JOIN brands b ON b.id = d.brand_id;
  DELETE FROM stats_hours WHERE brand_id = p_brand;
  DELETE FROM stats_offers WHERE brand_id = p_brand;
  DELETE FROM stats_links WHERE brand_id = p_brand;
  DELETE FROM stats_values WHERE brand_id = p_brand;
  DELETE FROM stats_member_values WHERE brand_id = p_brand;
  WITH hours_w AS (
    INSERT INTO stats_hours (brand_id, hour, offer_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, d.hour, d.offer_id, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM stats_rebuild_rows d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    RETURNING 1
  ), offers_w AS (
    INSERT INTO stats_offers (brand_id, grain, day, offer_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, g.grain, g.day, d.offer_id, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM stats_rebuild_rows d CROSS JOIN LATERAL (VALUES ('d', d.day), ('w', date_trunc('week', d.day)::date),
                                   ('m', date_trunc('month', d.day)::date)) g(grain, day)
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    RETURNING 1
  ), links_w AS (
    INSERT INTO stats_links (brand_id, grain, day, offer_id, member_id, link_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, g.grain, g.day, d.offer_id, d.member_id, d.link_id, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM stats_rebuild_rows d CROSS JOIN LATERAL (VALUES ('d', d.day), ('w', date_trunc('week', d.day)::date),
                                   ('m', date_trunc('month', d.day)::date)) g(grain, day)
     GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    RETURNING 1
  ), values_w AS (
    INSERT INTO stats_values (brand_id, dim, grain, day, offer_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, v.dim, g.grain, g.day, d.offer_id, v.value, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM stats_rebuild_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country), ('referrer', d.referrer_domain),
                                ('sub1', d.sub1), ('sub2', d.sub2), ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5)) v(dim, value)
      CROSS JOIN LATERAL (VALUES ('d', d.day), ('m', date_trunc('month', d.day)::date)) g(grain, day)
     GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    RETURNING 1
  ), member_values_w AS (
    INSERT INTO stats_member_values (brand_id, dim, day, member_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, v.dim, date_trunc('week', d.day)::date, d.member_id, v.value, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM stats_rebuild_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country)) v(dim, value)
     GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    RETURNING 1
  )
  SELECT 1 INTO cur FROM (SELECT (SELECT count(*) FROM hours_w) + (SELECT count(*) FROM offers_w) + (SELECT count(*) FROM links_w)
    + (SELECT count(*) FROM values_w) + (SELECT count(*) FROM member_values_w)) x;
  DROP TABLE stats_rebuild_rows;
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

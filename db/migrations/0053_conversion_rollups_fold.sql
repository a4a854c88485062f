-- Conversions per day of the brand's time zone, offer, source and promo code, and the same per
-- member (decision 063): the Reports page's "by source" and "by promo code" tables, read from
-- rollups instead of the conversions (a 90-day scan of 200,000 conversions cost ~115 ms at 10M
-- clicks). The conversions triggers append signed deltas (no upsert of a shared row in the
-- writer's transaction); stats_fold applies them to both tables under its watermark lock.

CREATE OR REPLACE FUNCTION stats_conversion_days_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stats_conversion_delta (brand_id, member_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
    SELECT brand_id, member_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
      FROM (SELECT n.brand_id, coalesce(n.member_id, '00000000-0000-0000-0000-000000000000'::uuid) AS member_id,
           (n.created_at AT TIME ZONE b.time_zone)::date AS day,
           coalesce(n.offer_id, '00000000-0000-0000-0000-000000000000'::uuid) AS offer_id, n.source,
           coalesce(n.promo_code_id, '00000000-0000-0000-0000-000000000000'::uuid) AS promo_code_id, n.currency,
           (CASE WHEN n.status IN ('pending', 'approved') THEN 1 ELSE 0 END)::int8 AS conversions,
           (CASE WHEN n.status = 'refused' THEN 1 ELSE 0 END)::int8 AS refused,
           (CASE WHEN n.status IN ('pending', 'approved') THEN coalesce(n.amount_minor, 0) ELSE 0 END)::int8 AS sales_minor,
           (CASE WHEN n.status IN ('pending', 'approved') THEN n.commission_minor ELSE 0 END)::int8 AS commission_minor
              FROM new_rows n JOIN brands b ON b.id = n.brand_id) x
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(conversions) <> 0 OR sum(refused) <> 0 OR sum(sales_minor) <> 0 OR sum(commission_minor) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stats_conversion_delta (brand_id, member_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
    SELECT brand_id, member_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
      FROM (SELECT o.brand_id, coalesce(o.member_id, '00000000-0000-0000-0000-000000000000'::uuid) AS member_id,
           (o.created_at AT TIME ZONE b.time_zone)::date AS day,
           coalesce(o.offer_id, '00000000-0000-0000-0000-000000000000'::uuid) AS offer_id, o.source,
           coalesce(o.promo_code_id, '00000000-0000-0000-0000-000000000000'::uuid) AS promo_code_id, o.currency,
           -(CASE WHEN o.status IN ('pending', 'approved') THEN 1 ELSE 0 END)::int8 AS conversions,
           -(CASE WHEN o.status = 'refused' THEN 1 ELSE 0 END)::int8 AS refused,
           -(CASE WHEN o.status IN ('pending', 'approved') THEN coalesce(o.amount_minor, 0) ELSE 0 END)::int8 AS sales_minor,
           -(CASE WHEN o.status IN ('pending', 'approved') THEN o.commission_minor ELSE 0 END)::int8 AS commission_minor
              FROM old_rows o JOIN brands b ON b.id = o.brand_id) x
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(conversions) <> 0 OR sum(refused) <> 0 OR sum(sales_minor) <> 0 OR sum(commission_minor) <> 0;
  ELSE
    -- The payout rollup's approvals (pending to approved, nothing else) change nothing here.
    IF current_setting('offerlink.stats_written', true) = 'on' THEN
      RETURN NULL;
    END IF;
    INSERT INTO stats_conversion_delta (brand_id, member_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
    SELECT brand_id, member_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
      FROM (SELECT o.brand_id, coalesce(o.member_id, '00000000-0000-0000-0000-000000000000'::uuid) AS member_id,
           (o.created_at AT TIME ZONE b.time_zone)::date AS day,
           coalesce(o.offer_id, '00000000-0000-0000-0000-000000000000'::uuid) AS offer_id, o.source,
           coalesce(o.promo_code_id, '00000000-0000-0000-0000-000000000000'::uuid) AS promo_code_id, o.currency,
           -(CASE WHEN o.status IN ('pending', 'approved') THEN 1 ELSE 0 END)::int8 AS conversions,
           -(CASE WHEN o.status = 'refused' THEN 1 ELSE 0 END)::int8 AS refused,
           -(CASE WHEN o.status IN ('pending', 'approved') THEN coalesce(o.amount_minor, 0) ELSE 0 END)::int8 AS sales_minor,
           -(CASE WHEN o.status IN ('pending', 'approved') THEN o.commission_minor ELSE 0 END)::int8 AS commission_minor
              FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN brands b ON b.id = o.brand_id
             WHERE (o.status, o.amount_minor, o.commission_minor, o.source, o.promo_code_id, o.offer_id, o.member_id, o.currency, o.created_at) IS DISTINCT FROM (n.status, n.amount_minor, n.commission_minor, n.source, n.promo_code_id, n.offer_id, n.member_id, n.currency, n.created_at)
            UNION ALL
            SELECT n.brand_id, coalesce(n.member_id, '00000000-0000-0000-0000-000000000000'::uuid) AS member_id,
           (n.created_at AT TIME ZONE b.time_zone)::date AS day,
           coalesce(n.offer_id, '00000000-0000-0000-0000-000000000000'::uuid) AS offer_id, n.source,
           coalesce(n.promo_code_id, '00000000-0000-0000-0000-000000000000'::uuid) AS promo_code_id, n.currency,
           (CASE WHEN n.status IN ('pending', 'approved') THEN 1 ELSE 0 END)::int8 AS conversions,
           (CASE WHEN n.status = 'refused' THEN 1 ELSE 0 END)::int8 AS refused,
           (CASE WHEN n.status IN ('pending', 'approved') THEN coalesce(n.amount_minor, 0) ELSE 0 END)::int8 AS sales_minor,
           (CASE WHEN n.status IN ('pending', 'approved') THEN n.commission_minor ELSE 0 END)::int8 AS commission_minor
              FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN brands b ON b.id = n.brand_id
             WHERE (o.status, o.amount_minor, o.commission_minor, o.source, o.promo_code_id, o.offer_id, o.member_id, o.currency, o.created_at) IS DISTINCT FROM (n.status, n.amount_minor, n.commission_minor, n.source, n.promo_code_id, n.offer_id, n.member_id, n.currency, n.created_at)) x
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(conversions) <> 0 OR sum(refused) <> 0 OR sum(sales_minor) <> 0 OR sum(commission_minor) <> 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_conversion_fold() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_rows bigint;
BEGIN
  -- One statement: both tables get exactly the deltas it deleted.
  WITH d AS (
    DELETE FROM stats_conversion_delta RETURNING *
  ), per_brand AS (
    INSERT INTO stats_conversion_days AS t (brand_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
    SELECT brand_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
      FROM d
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (brand_id, day, offer_id, source, promo_code_id, currency) DO UPDATE
       SET conversions = t.conversions + excluded.conversions,
           refused = t.refused + excluded.refused,
           sales_minor = t.sales_minor + excluded.sales_minor,
           commission_minor = t.commission_minor + excluded.commission_minor
    RETURNING 1
  ), per_member AS (
    INSERT INTO stats_conversion_member_days AS t (brand_id, member_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
    SELECT brand_id, member_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
      FROM d
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (brand_id, member_id, day, offer_id, source, promo_code_id, currency) DO UPDATE
       SET conversions = t.conversions + excluded.conversions,
           refused = t.refused + excluded.refused,
           sales_minor = t.sales_minor + excluded.sales_minor,
           commission_minor = t.commission_minor + excluded.commission_minor
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM per_brand) + (SELECT count(*) FROM per_member) INTO v_rows;
  RETURN v_rows;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_conversion_rebuild_brand(p_brand uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE stats_conversion_delta IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM stats_conversion_delta WHERE brand_id = p_brand;
  DELETE FROM stats_conversion_days WHERE brand_id = p_brand;
  DELETE FROM stats_conversion_member_days WHERE brand_id = p_brand;
  INSERT INTO stats_conversion_member_days (brand_id, member_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
  SELECT brand_id, member_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
    FROM (SELECT c.brand_id, coalesce(c.member_id, '00000000-0000-0000-0000-000000000000'::uuid) AS member_id,
           (c.created_at AT TIME ZONE b.time_zone)::date AS day,
           coalesce(c.offer_id, '00000000-0000-0000-0000-000000000000'::uuid) AS offer_id, c.source,
           coalesce(c.promo_code_id, '00000000-0000-0000-0000-000000000000'::uuid) AS promo_code_id, c.currency,
           (CASE WHEN c.status IN ('pending', 'approved') THEN 1 ELSE 0 END)::int8 AS conversions,
           (CASE WHEN c.status = 'refused' THEN 1 ELSE 0 END)::int8 AS refused,
           (CASE WHEN c.status IN ('pending', 'approved') THEN coalesce(c.amount_minor, 0) ELSE 0 END)::int8 AS sales_minor,
           (CASE WHEN c.status IN ('pending', 'approved') THEN c.commission_minor ELSE 0 END)::int8 AS commission_minor
            FROM conversions c JOIN brands b ON b.id = c.brand_id
           WHERE c.brand_id = p_brand) x
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(conversions) <> 0 OR sum(refused) <> 0 OR sum(sales_minor) <> 0 OR sum(commission_minor) <> 0;
  INSERT INTO stats_conversion_days (brand_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
  SELECT brand_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
    FROM stats_conversion_member_days
   WHERE brand_id = p_brand
   GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(conversions) <> 0 OR sum(refused) <> 0 OR sum(sales_minor) <> 0 OR sum(commission_minor) <> 0;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stats_conversion_days_inserted AFTER INSERT ON conversions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION stats_conversion_days_changed();
--> statement-breakpoint
CREATE TRIGGER stats_conversion_days_updated AFTER UPDATE ON conversions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION stats_conversion_days_changed();
--> statement-breakpoint
CREATE TRIGGER stats_conversion_days_deleted AFTER DELETE ON conversions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION stats_conversion_days_changed();
--> statement-breakpoint
-- The conversions already there: per member, then per brand from those rows.
INSERT INTO stats_conversion_member_days (brand_id, member_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
SELECT brand_id, member_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
  FROM (SELECT c.brand_id, coalesce(c.member_id, '00000000-0000-0000-0000-000000000000'::uuid) AS member_id,
           (c.created_at AT TIME ZONE b.time_zone)::date AS day,
           coalesce(c.offer_id, '00000000-0000-0000-0000-000000000000'::uuid) AS offer_id, c.source,
           coalesce(c.promo_code_id, '00000000-0000-0000-0000-000000000000'::uuid) AS promo_code_id, c.currency,
           (CASE WHEN c.status IN ('pending', 'approved') THEN 1 ELSE 0 END)::int8 AS conversions,
           (CASE WHEN c.status = 'refused' THEN 1 ELSE 0 END)::int8 AS refused,
           (CASE WHEN c.status IN ('pending', 'approved') THEN coalesce(c.amount_minor, 0) ELSE 0 END)::int8 AS sales_minor,
           (CASE WHEN c.status IN ('pending', 'approved') THEN c.commission_minor ELSE 0 END)::int8 AS commission_minor
          FROM conversions c JOIN brands b ON b.id = c.brand_id) x
 GROUP BY 1, 2, 3, 4, 5, 6, 7
HAVING sum(conversions) <> 0 OR sum(refused) <> 0 OR sum(sales_minor) <> 0 OR sum(commission_minor) <> 0;
--> statement-breakpoint
INSERT INTO stats_conversion_days (brand_id, day, offer_id, source, promo_code_id, currency, conversions, refused, sales_minor, commission_minor)
SELECT brand_id, day, offer_id, source, promo_code_id, currency, sum(conversions)::int8, sum(refused)::int8, sum(sales_minor)::int8, sum(commission_minor)::int8
  FROM stats_conversion_member_days
 GROUP BY 1, 2, 3, 4, 5, 6
HAVING sum(conversions) <> 0 OR sum(refused) <> 0 OR sum(sales_minor) <> 0 OR sum(commission_minor) <> 0;
--> statement-breakpoint
-- stats_fold as in migration 0040, now also folding the conversions rollups (one line added).
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
  -- The conversions per day, source and code (decision 063), under the same watermark lock.
  PERFORM stats_conversion_fold();
  UPDATE stats_watermark SET snapshot = new_snap::text, folded_at = now() WHERE id = 1;
  -- The batches this fold has read.
  DELETE FROM stats_click_batches b WHERE pg_visible_in_snapshot(stats_xid8(b.xmin, ref_xid), new_snap);
  IF touched > 50000 THEN TRUNCATE stats_fold_rows; ELSE DELETE FROM stats_fold_rows; END IF;
  RETURN touched;
END
$$;

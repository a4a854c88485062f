-- Reporting rollups, one row per key and currency with the conversions' states in columns
-- (docs/decisions/018-reporting-rollups.md): the fold and the triggers rewritten for the tables of
-- migration 0010. The rollups are rebuilt from raw rows: the watermark is reset (the next fold
-- reads every click) and every stored conversion becomes a delta again.
UPDATE stats_watermark SET snapshot = NULL, folded_at = '-infinity';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_conversions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  source text;
BEGIN
  source := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, n.* FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, o.* FROM old_rows o'
    ELSE 'SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1 AS sign, o.* FROM old_rows o'
  END;
  -- Statements these conversions belong to are locked first, so a statement being marked paid at
  -- the same time is seen in one state only.
  EXECUTE format(
    'SELECT 1 FROM statements s WHERE s.id IN (SELECT statement_id FROM (%s) x) ORDER BY s.id FOR SHARE',
    source);
  EXECUTE format($q$
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
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN x.sign ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN x.sign * coalesce(x.amount_minor, 0) ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN x.sign * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'pending' THEN x.sign * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'approved' THEN x.sign * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'paid' THEN x.sign * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'rejected' THEN x.sign ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'reversed' THEN x.sign ELSE 0 END)
      FROM (%s) x
      LEFT JOIN clicks c ON c.id = x.click_id
      LEFT JOIN statements s ON s.id = x.statement_id
     WHERE x.status <> 'refused' AND x.offer_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    HAVING sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN x.sign ELSE 0 END) <> 0
        OR sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN x.sign * coalesce(x.amount_minor, 0) ELSE 0 END) <> 0
        OR sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN x.sign * x.commission_minor ELSE 0 END) <> 0
        OR sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'pending' THEN x.sign * x.commission_minor ELSE 0 END) <> 0
        OR sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'approved' THEN x.sign * x.commission_minor ELSE 0 END) <> 0
        OR sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'paid' THEN x.sign * x.commission_minor ELSE 0 END) <> 0
        OR sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'rejected' THEN x.sign ELSE 0 END) <> 0
        OR sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'reversed' THEN x.sign ELSE 0 END) <> 0
  $q$, source);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_statements_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_delta (brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT cv.brand_id, date_trunc('hour', cv.created_at), cv.offer_id,
           coalesce(cv.member_id, '00000000-0000-0000-0000-000000000000'),
           coalesce(cv.link_id, '00000000-0000-0000-0000-000000000000'),
           coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
           stats_referrer_domain(c.referrer),
           left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
           left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
           left(coalesce(c.sub5, ''), 200), cv.currency,
         0, 0, 0,
           sum(CASE WHEN m.bucket IN ('pending', 'approved', 'paid') THEN m.sign ELSE 0 END),
           sum(CASE WHEN m.bucket IN ('pending', 'approved', 'paid') THEN m.sign * coalesce(cv.amount_minor, 0) ELSE 0 END),
           sum(CASE WHEN m.bucket IN ('pending', 'approved', 'paid') THEN m.sign * cv.commission_minor ELSE 0 END),
           sum(CASE WHEN m.bucket = 'pending' THEN m.sign * cv.commission_minor ELSE 0 END),
           sum(CASE WHEN m.bucket = 'approved' THEN m.sign * cv.commission_minor ELSE 0 END),
           sum(CASE WHEN m.bucket = 'paid' THEN m.sign * cv.commission_minor ELSE 0 END),
           sum(CASE WHEN m.bucket = 'rejected' THEN m.sign ELSE 0 END),
           sum(CASE WHEN m.bucket = 'reversed' THEN m.sign ELSE 0 END)
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    JOIN conversions cv ON cv.statement_id = n.id AND cv.status = 'approved'
    LEFT JOIN clicks c ON c.id = cv.click_id
    CROSS JOIN LATERAL (VALUES (-1, stats_bucket('approved', o.status::text = 'paid')),
                               (1, stats_bucket('approved', n.status::text = 'paid'))) m(sign, bucket)
   WHERE (o.status::text = 'paid') IS DISTINCT FROM (n.status::text = 'paid')
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Folds into the rollups the clicks committed since the last fold and every waiting delta. New
-- clicks are those visible now but not in the previous fold's snapshot, among the clicks made
-- at most `slack` before the previous fold started (BRIN on created_at): a click committed later
-- than that after it was made is not counted (decision 018). Clicks count in their offer's
-- currency row. One fold at a time: a fold that finds another running returns -1 at once.
-- Returns the number of hourly rows it touched.
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
  ), deltas AS (
    SELECT brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, sum(clicks)::int8 AS clicks, sum(unique_clicks)::int8 AS unique_clicks, sum(bot_clicks)::int8 AS bot_clicks, sum(conversions)::int8 AS conversions, sum(sales_minor)::int8 AS sales_minor, sum(commission_minor)::int8 AS commission_minor, sum(pending_minor)::int8 AS pending_minor, sum(approved_minor)::int8 AS approved_minor, sum(paid_minor)::int8 AS paid_minor, sum(rejected)::int8 AS rejected, sum(reversed)::int8 AS reversed
      FROM (SELECT * FROM click_deltas UNION ALL SELECT * FROM waiting) d
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
  ), hourly AS (
    INSERT INTO stats_hourly (brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT * FROM deltas ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    ON CONFLICT ON CONSTRAINT stats_hourly_pkey DO UPDATE SET
      clicks = stats_hourly.clicks + excluded.clicks,
      unique_clicks = stats_hourly.unique_clicks + excluded.unique_clicks,
      bot_clicks = stats_hourly.bot_clicks + excluded.bot_clicks,
      conversions = stats_hourly.conversions + excluded.conversions,
      sales_minor = stats_hourly.sales_minor + excluded.sales_minor,
      commission_minor = stats_hourly.commission_minor + excluded.commission_minor,
      pending_minor = stats_hourly.pending_minor + excluded.pending_minor,
      approved_minor = stats_hourly.approved_minor + excluded.approved_minor,
      paid_minor = stats_hourly.paid_minor + excluded.paid_minor,
      rejected = stats_hourly.rejected + excluded.rejected,
      reversed = stats_hourly.reversed + excluded.reversed
    RETURNING 1
  ), daily AS (
    INSERT INTO stats_daily (brand_id, dim, day, offer_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
    SELECT d.brand_id, v.dim, (d.hour AT TIME ZONE b.time_zone)::date, d.offer_id, v.value,
           d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
      FROM deltas d
      JOIN brands b ON b.id = d.brand_id
     CROSS JOIN LATERAL (VALUES ('link', d.link_id::text), ('member', d.member_id::text),
                                ('device', d.device::text), ('country', d.country),
                                ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2),
                                ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5),
                                ('hour', to_char(d.hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'))
                        ) v(dim, value)
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT stats_daily_pkey DO UPDATE SET
      clicks = stats_daily.clicks + excluded.clicks,
      unique_clicks = stats_daily.unique_clicks + excluded.unique_clicks,
      bot_clicks = stats_daily.bot_clicks + excluded.bot_clicks,
      conversions = stats_daily.conversions + excluded.conversions,
      sales_minor = stats_daily.sales_minor + excluded.sales_minor,
      commission_minor = stats_daily.commission_minor + excluded.commission_minor,
      pending_minor = stats_daily.pending_minor + excluded.pending_minor,
      approved_minor = stats_daily.approved_minor + excluded.approved_minor,
      paid_minor = stats_daily.paid_minor + excluded.paid_minor,
      rejected = stats_daily.rejected + excluded.rejected,
      reversed = stats_daily.reversed + excluded.reversed
    RETURNING 1
  ), mark AS (
    UPDATE stats_watermark SET snapshot = (SELECT s::text FROM snap), folded_at = now()
     WHERE id = 1 RETURNING 1
  )
  SELECT (SELECT count(*) FROM hourly) + 0 * (SELECT count(*) FROM daily) + 0 * (SELECT count(*) FROM mark)
    INTO touched;
  RETURN touched;
END
$$;
--> statement-breakpoint
-- Rebuilds a brand's daily rollups from its hourly ones (after its time zone changed), while no
-- fold runs.
CREATE OR REPLACE FUNCTION stats_rebuild_daily(p_brand uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM stats_watermark WHERE id = 1 FOR UPDATE;
  DELETE FROM stats_daily WHERE brand_id = p_brand;
  INSERT INTO stats_daily (brand_id, dim, day, offer_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT d.brand_id, v.dim, (d.hour AT TIME ZONE b.time_zone)::date, d.offer_id, v.value,
         d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks), sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor), sum(d.pending_minor), sum(d.approved_minor), sum(d.paid_minor), sum(d.rejected), sum(d.reversed)
    FROM stats_hourly d
    JOIN brands b ON b.id = d.brand_id
   CROSS JOIN LATERAL (VALUES ('link', d.link_id::text), ('member', d.member_id::text),
                                ('device', d.device::text), ('country', d.country),
                                ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2),
                                ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5),
                                ('hour', to_char(d.hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'))
                        ) v(dim, value)
   WHERE d.brand_id = p_brand
   GROUP BY 1, 2, 3, 4, 5, 6;
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
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN 1 ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN 1 * coalesce(x.amount_minor, 0) ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') IN ('pending', 'approved', 'paid') THEN 1 * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'pending' THEN 1 * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'approved' THEN 1 * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'paid' THEN 1 * x.commission_minor ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'rejected' THEN 1 ELSE 0 END),
           sum(CASE WHEN stats_bucket(x.status, s.status::text = 'paid') = 'reversed' THEN 1 ELSE 0 END)
  FROM conversions x
  LEFT JOIN clicks c ON c.id = x.click_id
  LEFT JOIN statements s ON s.id = x.statement_id
 WHERE x.status <> 'refused' AND x.offer_id IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14;

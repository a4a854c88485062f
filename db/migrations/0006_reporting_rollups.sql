-- Reporting rollups (docs/decisions/018-reporting-rollups.md): the functions that fold new clicks
-- and conversion changes into stats_hourly and stats_daily, and the triggers that record changes
-- to conversions and statements as deltas.
INSERT INTO stats_watermark (id) VALUES (1) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The host of a referrer URL, lower-cased, without "www."; '' when there is none.
CREATE OR REPLACE FUNCTION stats_referrer_domain(referrer text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(left(regexp_replace(lower(substring(referrer FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)')), '^www\.', ''), 200), '')
$$;
--> statement-breakpoint
-- The rollup bucket of a conversion: approved conversions in a paid statement count as paid.
CREATE OR REPLACE FUNCTION stats_bucket(status conversion_status, paid boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status = 'approved' AND coalesce(paid, false) THEN 'paid' ELSE status::text END
$$;
--> statement-breakpoint
-- A row's 32-bit xmin as a full xid8, relative to `cur` (a recent full xid): xids in use are
-- never more than 2^31 apart, so the nearest value at or below `cur` is the right one.
CREATE OR REPLACE FUNCTION stats_xid8(x xid, cur bigint) RETURNS xid8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (cur - (((cur % 4294967296) - x::text::bigint + 4294967296) % 4294967296))::text::xid8
$$;
--> statement-breakpoint
-- Conversions inserted, updated or deleted: their old rows count -1 and their new rows +1 in the
-- bucket they are in, with the dimensions of their click. Statements they belong to are locked
-- (FOR SHARE) first, so a statement being marked paid at the same time is seen in one state only.
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
  EXECUTE format(
    'SELECT 1 FROM statements s WHERE s.id IN (SELECT statement_id FROM (%s) x) ORDER BY s.id FOR SHARE',
    source);
  EXECUTE format($q$
    INSERT INTO stats_delta
    SELECT x.brand_id, date_trunc('hour', x.created_at), x.offer_id,
           coalesce(x.member_id, '00000000-0000-0000-0000-000000000000'),
           coalesce(x.link_id, '00000000-0000-0000-0000-000000000000'),
           coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
           stats_referrer_domain(c.referrer),
           left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
           left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
           left(coalesce(c.sub5, ''), 200),
           stats_bucket(x.status, s.status::text = 'paid'), x.currency,
           0, 0, 0, sum(x.sign), sum(x.sign * coalesce(x.amount_minor, 0)),
           sum(x.sign * x.commission_minor)
      FROM (%s) x
      LEFT JOIN clicks c ON c.id = x.click_id
      LEFT JOIN statements s ON s.id = x.statement_id
     WHERE x.status <> 'refused' AND x.offer_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    HAVING sum(x.sign) <> 0 OR sum(x.sign * coalesce(x.amount_minor, 0)) <> 0
        OR sum(x.sign * x.commission_minor) <> 0
  $q$, source);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stats_conversions_inserted AFTER INSERT ON conversions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_conversions_changed();
--> statement-breakpoint
CREATE TRIGGER stats_conversions_updated AFTER UPDATE ON conversions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stats_conversions_changed();
--> statement-breakpoint
CREATE TRIGGER stats_conversions_deleted AFTER DELETE ON conversions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_conversions_changed();
--> statement-breakpoint
-- A statement marked paid (or no longer paid): its approved conversions move between the
-- approved and paid buckets.
CREATE OR REPLACE FUNCTION stats_statements_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_delta
  SELECT cv.brand_id, date_trunc('hour', cv.created_at), cv.offer_id,
         coalesce(cv.member_id, '00000000-0000-0000-0000-000000000000'),
         coalesce(cv.link_id, '00000000-0000-0000-0000-000000000000'),
         coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
         stats_referrer_domain(c.referrer),
         left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
         left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
         left(coalesce(c.sub5, ''), 200),
         m.bucket, cv.currency,
         0, 0, 0, sum(m.sign), sum(m.sign * coalesce(cv.amount_minor, 0)),
         sum(m.sign * cv.commission_minor)
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    JOIN conversions cv ON cv.statement_id = n.id AND cv.status = 'approved'
    LEFT JOIN clicks c ON c.id = cv.click_id
    CROSS JOIN LATERAL (VALUES (-1, stats_bucket('approved', o.status::text = 'paid')),
                               (1, stats_bucket('approved', n.status::text = 'paid'))) m(sign, bucket)
   WHERE (o.status::text = 'paid') IS DISTINCT FROM (n.status::text = 'paid')
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stats_statements_updated AFTER UPDATE ON statements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stats_statements_changed();
--> statement-breakpoint
-- Folds into the rollups the clicks committed since the last fold and every waiting delta. New
-- clicks are those visible now but not in the previous fold's snapshot, among the clicks made
-- at most `slack` before the previous fold started (BRIN on created_at): a click committed later
-- than that after it was made is not counted (decision 018). One fold at a time: a fold that
-- finds another running returns -1 at once. Returns the number of hourly rows it touched.
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
    SELECT brand_id, date_trunc('hour', created_at) AS hour, offer_id, member_id, link_id, device,
           left(coalesce(country, ''), 200) AS country, stats_referrer_domain(referrer) AS referrer_domain,
           left(coalesce(sub1, ''), 200) AS sub1, left(coalesce(sub2, ''), 200) AS sub2,
           left(coalesce(sub3, ''), 200) AS sub3, left(coalesce(sub4, ''), 200) AS sub4,
           left(coalesce(sub5, ''), 200) AS sub5, '' AS bucket, '' AS currency,
           count(*) FILTER (WHERE NOT is_bot) AS clicks,
           count(*) FILTER (WHERE NOT is_bot AND is_unique) AS unique_clicks,
           count(*) FILTER (WHERE is_bot) AS bot_clicks,
           0::int8 AS conversions, 0::int8 AS sales_minor, 0::int8 AS commission_minor
      FROM fresh
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
  ), waiting AS (
    DELETE FROM stats_delta RETURNING *
  ), deltas AS (
    SELECT brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain,
           sub1, sub2, sub3, sub4, sub5, bucket, currency,
           sum(clicks)::int8 AS clicks, sum(unique_clicks)::int8 AS unique_clicks,
           sum(bot_clicks)::int8 AS bot_clicks, sum(conversions)::int8 AS conversions,
           sum(sales_minor)::int8 AS sales_minor, sum(commission_minor)::int8 AS commission_minor
      FROM (SELECT * FROM click_deltas UNION ALL SELECT * FROM waiting) d
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
  ), hourly AS (
    INSERT INTO stats_hourly
    SELECT * FROM deltas ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    ON CONFLICT ON CONSTRAINT stats_hourly_pkey DO UPDATE SET
      clicks = stats_hourly.clicks + excluded.clicks,
      unique_clicks = stats_hourly.unique_clicks + excluded.unique_clicks,
      bot_clicks = stats_hourly.bot_clicks + excluded.bot_clicks,
      conversions = stats_hourly.conversions + excluded.conversions,
      sales_minor = stats_hourly.sales_minor + excluded.sales_minor,
      commission_minor = stats_hourly.commission_minor + excluded.commission_minor
    RETURNING 1
  ), daily AS (
    INSERT INTO stats_daily
    SELECT d.brand_id, v.dim, (d.hour AT TIME ZONE b.time_zone)::date, d.offer_id, v.value,
           d.bucket, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks),
           sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor)
      FROM deltas d
      JOIN brands b ON b.id = d.brand_id
     CROSS JOIN LATERAL (VALUES ('link', d.link_id::text), ('member', d.member_id::text),
                                ('device', d.device::text), ('country', d.country),
                                ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2),
                                ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5),
                                ('hour', to_char(d.hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'))
                        ) v(dim, value)
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT stats_daily_pkey DO UPDATE SET
      clicks = stats_daily.clicks + excluded.clicks,
      unique_clicks = stats_daily.unique_clicks + excluded.unique_clicks,
      bot_clicks = stats_daily.bot_clicks + excluded.bot_clicks,
      conversions = stats_daily.conversions + excluded.conversions,
      sales_minor = stats_daily.sales_minor + excluded.sales_minor,
      commission_minor = stats_daily.commission_minor + excluded.commission_minor
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
  INSERT INTO stats_daily
  SELECT d.brand_id, v.dim, (d.hour AT TIME ZONE b.time_zone)::date, d.offer_id, v.value,
         d.bucket, d.currency, sum(d.clicks), sum(d.unique_clicks), sum(d.bot_clicks),
         sum(d.conversions), sum(d.sales_minor), sum(d.commission_minor)
    FROM stats_hourly d
    JOIN brands b ON b.id = d.brand_id
   CROSS JOIN LATERAL (VALUES ('link', d.link_id::text), ('member', d.member_id::text),
                              ('device', d.device::text), ('country', d.country),
                              ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2),
                              ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5),
                              ('hour', to_char(d.hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'))
                      ) v(dim, value)
   WHERE d.brand_id = p_brand
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
END
$$;
--> statement-breakpoint
-- Conversions stored before this migration become deltas; clicks are picked up by the first fold.
INSERT INTO stats_delta
SELECT x.brand_id, date_trunc('hour', x.created_at), x.offer_id,
       coalesce(x.member_id, '00000000-0000-0000-0000-000000000000'),
       coalesce(x.link_id, '00000000-0000-0000-0000-000000000000'),
       coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
       stats_referrer_domain(c.referrer),
       left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
       left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
       left(coalesce(c.sub5, ''), 200),
       stats_bucket(x.status, s.status::text = 'paid'), x.currency,
       0, 0, 0, count(*), sum(coalesce(x.amount_minor, 0)), sum(x.commission_minor)
  FROM conversions x
  LEFT JOIN clicks c ON c.id = x.click_id
  LEFT JOIN statements s ON s.id = x.statement_id
 WHERE x.status <> 'refused' AND x.offer_id IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15;

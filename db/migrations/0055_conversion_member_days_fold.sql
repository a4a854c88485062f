-- The conversions rollup per member too (decision 063): the deltas carry the member, the fold
-- writes both tables from them, the rebuild recomputes both.

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
-- Both tables recomputed from the conversions (deltas waiting now carry no member).
LOCK TABLE stats_conversion_delta IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
DELETE FROM stats_conversion_delta;
--> statement-breakpoint
DELETE FROM stats_conversion_days;
--> statement-breakpoint
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

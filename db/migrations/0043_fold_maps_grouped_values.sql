-- The fold maps values to the month's kept values (docs/decisions/058-top-values.md) after a
-- first aggregate of the raw values per day (per week for the member pair): the kept-values join
-- and its CASE then run on the day groups instead of every folded row (a bulk fold of 1M clicks
-- spent most of its time there). Same rows, same figures.
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
    SELECT d.brand_id, d.day, d.member_id, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d
     GROUP BY 1, 2, 3, 4
  )
  INSERT INTO stats_members (brand_id, grain, day, member_id, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT p.brand_id, g.grain, g.day, p.member_id, p.currency, sum(p.clicks), sum(p.unique_clicks), sum(p.bot_clicks), sum(p.conversions), sum(p.sales_minor), sum(p.commission_minor), sum(p.pending_minor), sum(p.approved_minor), sum(p.paid_minor), sum(p.rejected), sum(p.reversed)
    FROM p CROSS JOIN LATERAL (VALUES ('d', p.day), ('w', date_trunc('week', p.day)::date), ('m', date_trunc('month', p.day)::date)) g(grain, day)
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT stats_members_pkey DO UPDATE SET
    clicks = stats_members.clicks + excluded.clicks,
    unique_clicks = stats_members.unique_clicks + excluded.unique_clicks,
    bot_clicks = stats_members.bot_clicks + excluded.bot_clicks,
    conversions = stats_members.conversions + excluded.conversions,
    sales_minor = stats_members.sales_minor + excluded.sales_minor,
    commission_minor = stats_members.commission_minor + excluded.commission_minor,
    pending_minor = stats_members.pending_minor + excluded.pending_minor,
    approved_minor = stats_members.approved_minor + excluded.approved_minor,
    paid_minor = stats_members.paid_minor + excluded.paid_minor,
    rejected = stats_members.rejected + excluded.rejected,
    reversed = stats_members.reversed + excluded.reversed;
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
  -- The raw values per day first, then each mapped to itself or OTHER (the month's kept
  -- values), then each grain from the day rows.
  WITH r AS (
    SELECT d.brand_id, d.day, v.dim, v.value, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country), ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2), ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5)) v(dim, value)
     GROUP BY 1, 2, 3, 4, 5
  ), p AS (
    SELECT r.brand_id, r.day, r.dim, CASE WHEN k.value IS NOT NULL OR stats_value_cap('v:' || r.dim) IS NULL THEN r.value ELSE chr(1) END AS value, r.currency, sum(r.clicks) AS clicks, sum(r.unique_clicks) AS unique_clicks, sum(r.bot_clicks) AS bot_clicks, sum(r.conversions) AS conversions, sum(r.sales_minor) AS sales_minor, sum(r.commission_minor) AS commission_minor, sum(r.pending_minor) AS pending_minor, sum(r.approved_minor) AS approved_minor, sum(r.paid_minor) AS paid_minor, sum(r.rejected) AS rejected, sum(r.reversed) AS reversed
      FROM r
      LEFT JOIN stats_value_keys k ON k.brand_id = r.brand_id AND k.dim = 'v:' || r.dim
           AND k.month = date_trunc('month', r.day)::date AND k.value = r.value
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
  -- The raw values per day first, then each mapped to itself or OTHER (the month's kept
  -- values), then each grain from the day rows.
  WITH r AS (
    SELECT d.brand_id, d.day, v.dim, d.offer_id, v.value, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country), ('referrer', d.referrer_domain), ('sub1', d.sub1), ('sub2', d.sub2), ('sub3', d.sub3), ('sub4', d.sub4), ('sub5', d.sub5)) v(dim, value)
     GROUP BY 1, 2, 3, 4, 5, 6
  ), p AS (
    SELECT r.brand_id, r.day, r.dim, r.offer_id, CASE WHEN k.value IS NOT NULL OR stats_value_cap('o:' || r.dim) IS NULL THEN r.value ELSE chr(1) END AS value, r.currency, sum(r.clicks) AS clicks, sum(r.unique_clicks) AS unique_clicks, sum(r.bot_clicks) AS bot_clicks, sum(r.conversions) AS conversions, sum(r.sales_minor) AS sales_minor, sum(r.commission_minor) AS commission_minor, sum(r.pending_minor) AS pending_minor, sum(r.approved_minor) AS approved_minor, sum(r.paid_minor) AS paid_minor, sum(r.rejected) AS rejected, sum(r.reversed) AS reversed
      FROM r
      LEFT JOIN stats_value_keys k ON k.brand_id = r.brand_id AND k.dim = 'o:' || r.dim
           AND k.month = date_trunc('month', r.day)::date AND k.value = r.value
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
  -- Per week, member and raw value first, then mapped (the week's month's kept values).
  WITH r AS (
    SELECT d.brand_id, v.dim, date_trunc('week', d.day)::date AS day, d.member_id, v.value, d.currency, sum(d.clicks) AS clicks, sum(d.unique_clicks) AS unique_clicks, sum(d.bot_clicks) AS bot_clicks, sum(d.conversions) AS conversions, sum(d.sales_minor) AS sales_minor, sum(d.commission_minor) AS commission_minor, sum(d.pending_minor) AS pending_minor, sum(d.approved_minor) AS approved_minor, sum(d.paid_minor) AS paid_minor, sum(d.rejected) AS rejected, sum(d.reversed) AS reversed
      FROM stats_fold_rows d CROSS JOIN LATERAL (VALUES ('device', d.device::text), ('country', d.country)) v(dim, value)
     GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO stats_member_values (brand_id, dim, day, member_id, value, currency, clicks, unique_clicks, bot_clicks, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT r.brand_id, r.dim, r.day, r.member_id, CASE WHEN k.value IS NOT NULL OR stats_value_cap('mv:' || r.dim) IS NULL THEN r.value ELSE chr(1) END, r.currency, sum(r.clicks), sum(r.unique_clicks), sum(r.bot_clicks), sum(r.conversions), sum(r.sales_minor), sum(r.commission_minor), sum(r.pending_minor), sum(r.approved_minor), sum(r.paid_minor), sum(r.rejected), sum(r.reversed)
    FROM r
    LEFT JOIN stats_value_keys k ON k.brand_id = r.brand_id AND k.dim = 'mv:' || r.dim
         AND k.month = date_trunc('month', r.day)::date AND k.value = r.value
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

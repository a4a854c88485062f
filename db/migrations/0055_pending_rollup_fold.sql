-- A member's pending commissions per offer, currency and clearing day (decision 066): the creator's
-- "pending and when it clears" reads these rows instead of every pending conversion. The
-- conversions trigger appends signed deltas; the payout rollup, whose approvals skip the triggers'
-- work (offerlink.stats_written), writes its own; stats_fold applies them under its watermark.
-- The clearing day is the brand's day of created_at + the offer's holding period (24 h a day, as
-- clearsAt in app/creators/earnings.server.ts).

CREATE OR REPLACE FUNCTION stats_pending_clears_on(created_at timestamptz, holding_days integer, time_zone text)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((created_at + make_interval(hours => 24 * holding_days)) AT TIME ZONE time_zone)::date
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_pending_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stats_pending_delta (brand_id, member_id, offer_id, currency, clears_on, pending_minor, pending_count)
    SELECT n.brand_id, n.member_id, n.offer_id, n.currency,
           stats_pending_clears_on(n.created_at, o.holding_period_days, b.time_zone),
           sum(n.commission_minor)::int8, count(*)::int8
      FROM new_rows n JOIN offers o ON o.id = n.offer_id JOIN brands b ON b.id = n.brand_id
     WHERE n.status = 'pending' AND n.member_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stats_pending_delta (brand_id, member_id, offer_id, currency, clears_on, pending_minor, pending_count)
    SELECT x.brand_id, x.member_id, x.offer_id, x.currency,
           stats_pending_clears_on(x.created_at, o.holding_period_days, b.time_zone),
           -sum(x.commission_minor)::int8, -count(*)::int8
      FROM old_rows x JOIN offers o ON o.id = x.offer_id JOIN brands b ON b.id = x.brand_id
     WHERE x.status = 'pending' AND x.member_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5;
  ELSE
    -- The payout rollup's approvals write their own deltas (app/payouts/ledger.server.ts).
    IF current_setting('offerlink.stats_written', true) = 'on' THEN
      RETURN NULL;
    END IF;
    INSERT INTO stats_pending_delta (brand_id, member_id, offer_id, currency, clears_on, pending_minor, pending_count)
    SELECT x.brand_id, x.member_id, x.offer_id, x.currency,
           stats_pending_clears_on(x.created_at, o.holding_period_days, b.time_zone),
           sum(x.sign * x.commission_minor)::int8, sum(x.sign)::int8
      FROM (SELECT -1 AS sign, p.brand_id, p.member_id, p.offer_id, p.currency, p.created_at, p.commission_minor
              FROM old_rows p JOIN new_rows n ON n.id = p.id
             WHERE p.status = 'pending'
               AND (p.status, p.commission_minor, p.offer_id, p.member_id, p.currency, p.created_at)
                   IS DISTINCT FROM (n.status, n.commission_minor, n.offer_id, n.member_id, n.currency, n.created_at)
            UNION ALL
            SELECT 1, n.brand_id, n.member_id, n.offer_id, n.currency, n.created_at, n.commission_minor
              FROM old_rows p JOIN new_rows n ON n.id = p.id
             WHERE n.status = 'pending'
               AND (p.status, p.commission_minor, p.offer_id, p.member_id, p.currency, p.created_at)
                   IS DISTINCT FROM (n.status, n.commission_minor, n.offer_id, n.member_id, n.currency, n.created_at)) x
      JOIN offers o ON o.id = x.offer_id JOIN brands b ON b.id = x.brand_id
     WHERE x.member_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(x.sign) <> 0 OR sum(x.sign * x.commission_minor) <> 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stats_pending_inserted AFTER INSERT ON conversions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION stats_pending_changed();
--> statement-breakpoint
CREATE TRIGGER stats_pending_updated AFTER UPDATE ON conversions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION stats_pending_changed();
--> statement-breakpoint
CREATE TRIGGER stats_pending_deleted AFTER DELETE ON conversions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION stats_pending_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_pending_fold() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_rows bigint;
BEGIN
  WITH d AS (
    DELETE FROM stats_pending_delta RETURNING *
  ), up AS (
    INSERT INTO stats_pending AS t (brand_id, member_id, offer_id, currency, clears_on, pending_minor, pending_count)
    SELECT brand_id, member_id, offer_id, currency, clears_on, sum(pending_minor)::int8, sum(pending_count)::int8
      FROM d
     GROUP BY 1, 2, 3, 4, 5
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (brand_id, member_id, offer_id, currency, clears_on) DO UPDATE
       SET pending_minor = t.pending_minor + excluded.pending_minor,
           pending_count = t.pending_count + excluded.pending_count
    RETURNING 1
  )
  SELECT count(*) INTO v_rows FROM up;
  -- Days whose commissions were all approved, rejected or reversed (a partial index finds them).
  DELETE FROM stats_pending WHERE pending_count = 0;
  RETURN v_rows;
END
$$;
--> statement-breakpoint
-- A brand's rows (or one offer's) counted again from its pending conversions: after the brand's
-- time zone or the offer's holding period changed. Writers' deltas wait for the lock.
CREATE OR REPLACE FUNCTION stats_pending_rebuild(p_brand uuid, p_offer uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE stats_pending_delta IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM stats_pending_delta WHERE brand_id = p_brand AND (p_offer IS NULL OR offer_id = p_offer);
  DELETE FROM stats_pending WHERE brand_id = p_brand AND (p_offer IS NULL OR offer_id = p_offer);
  INSERT INTO stats_pending (brand_id, member_id, offer_id, currency, clears_on, pending_minor, pending_count)
  SELECT c.brand_id, c.member_id, c.offer_id, c.currency,
         stats_pending_clears_on(c.created_at, o.holding_period_days, b.time_zone),
         sum(c.commission_minor)::int8, count(*)::int8
    FROM conversions c JOIN offers o ON o.id = c.offer_id JOIN brands b ON b.id = c.brand_id
   WHERE c.brand_id = p_brand AND (p_offer IS NULL OR c.offer_id = p_offer)
     AND c.status = 'pending' AND c.member_id IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_pending_offer_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_pending_rebuild(NEW.brand_id, NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stats_pending_holding_changed AFTER UPDATE OF holding_period_days ON offers
  FOR EACH ROW WHEN (OLD.holding_period_days IS DISTINCT FROM NEW.holding_period_days)
  EXECUTE FUNCTION stats_pending_offer_changed();
--> statement-breakpoint
-- stats_fold and rebuildDailyStats call these two names: they now do the conversions rollups of
-- decision 063 (under their new names) and the pending rollup.
ALTER FUNCTION stats_conversion_fold() RENAME TO stats_conversion_days_fold;
--> statement-breakpoint
CREATE FUNCTION stats_conversion_fold() RETURNS bigint
LANGUAGE sql AS $$
  SELECT stats_conversion_days_fold() + stats_pending_fold()
$$;
--> statement-breakpoint
ALTER FUNCTION stats_conversion_rebuild_brand(uuid) RENAME TO stats_conversion_days_rebuild_brand;
--> statement-breakpoint
CREATE FUNCTION stats_conversion_rebuild_brand(p_brand uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_conversion_days_rebuild_brand(p_brand);
  PERFORM stats_pending_rebuild(p_brand, NULL);
END
$$;
--> statement-breakpoint
-- The pending conversions already there, brand by brand.
SELECT stats_pending_rebuild(id, NULL) FROM brands;

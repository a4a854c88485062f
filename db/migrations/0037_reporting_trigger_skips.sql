-- Reporting's conversion trigger (decisions 018, 034, 040) skips statements whose rows change no
-- figure before doing any work: an INSERT of refused conversions only, an UPDATE that changes no
-- column the figures or their keys depend on; and it locks statements on INSERT only when a new
-- row is in one. Otherwise as in migration rollup_writes_its_stats.
CREATE OR REPLACE FUNCTION stats_conversions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The payout rollup's approvals write their own deltas, in the same statement (it knows every
  -- row went from pending to approved in an unpaid statement, keys unchanged), and say so.
  IF current_setting('offerlink.stats_written', true) = 'on' THEN
    RETURN NULL;
  END IF;
  -- Statements these conversions belong to are locked first, so a statement being marked paid
  -- at the same time is seen in one state only. A conversion in a paid statement counts as paid.
  IF TG_OP = 'INSERT' THEN
    -- Nothing that counts (refused conversions, as many postbacks are): nothing to write.
    IF NOT EXISTS (SELECT 1 FROM new_rows WHERE status <> 'refused' AND offer_id IS NOT NULL) THEN
      RETURN NULL;
    END IF;
    -- New conversions are in no statement (but one stored already paid, by hand).
    IF EXISTS (SELECT 1 FROM new_rows WHERE statement_id IS NOT NULL) THEN
      PERFORM 1 FROM statements s
        WHERE s.id IN (SELECT statement_id FROM new_rows WHERE statement_id IS NOT NULL)
        ORDER BY s.id FOR SHARE;
    END IF;
  INSERT INTO stats_delta (brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT x.brand_id, date_trunc('hour', x.created_at), x.offer_id,
         coalesce(x.member_id, '00000000-0000-0000-0000-000000000000'), coalesce(x.link_id, '00000000-0000-0000-0000-000000000000'),
         coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
         stats_referrer_domain(c.referrer),
         left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
         left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
         left(coalesce(c.sub5, ''), 200), x.currency,
         x.conversions, x.sales_minor, x.commission_minor, x.pending_minor, x.approved_minor, x.paid_minor, x.rejected, x.reversed
    FROM (
        SELECT n.brand_id, n.created_at, n.offer_id, n.member_id, n.link_id, n.click_id, n.currency,
               (CASE WHEN n.status IN ('pending', 'approved') THEN 1 ELSE 0 END) AS conversions,
               (CASE WHEN n.status IN ('pending', 'approved') THEN coalesce(n.amount_minor, 0) ELSE 0 END) AS sales_minor,
               (CASE WHEN n.status IN ('pending', 'approved') THEN n.commission_minor ELSE 0 END) AS commission_minor,
               (CASE WHEN n.status = 'pending' THEN n.commission_minor ELSE 0 END) AS pending_minor,
               (CASE WHEN n.status = 'approved' AND pn.id IS NULL THEN n.commission_minor ELSE 0 END) AS approved_minor,
               (CASE WHEN n.status = 'approved' AND pn.id IS NOT NULL THEN n.commission_minor ELSE 0 END) AS paid_minor,
               (CASE WHEN n.status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
               (CASE WHEN n.status = 'reversed' THEN 1 ELSE 0 END) AS reversed
          FROM new_rows n
          LEFT JOIN statements pn ON pn.id = n.statement_id AND pn.status = 'paid'
         WHERE n.status <> 'refused' AND n.offer_id IS NOT NULL
      ) x
    LEFT JOIN clicks c ON c.id = x.click_id
   WHERE x.conversions <> 0 OR x.sales_minor <> 0 OR x.commission_minor <> 0 OR x.pending_minor <> 0 OR x.approved_minor <> 0 OR x.paid_minor <> 0 OR x.rejected <> 0 OR x.reversed <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM statements s
      WHERE s.id IN (SELECT statement_id FROM old_rows WHERE statement_id IS NOT NULL)
      ORDER BY s.id FOR SHARE;
  INSERT INTO stats_delta (brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT x.brand_id, date_trunc('hour', x.created_at), x.offer_id,
         coalesce(x.member_id, '00000000-0000-0000-0000-000000000000'), coalesce(x.link_id, '00000000-0000-0000-0000-000000000000'),
         coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
         stats_referrer_domain(c.referrer),
         left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
         left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
         left(coalesce(c.sub5, ''), 200), x.currency,
         x.conversions, x.sales_minor, x.commission_minor, x.pending_minor, x.approved_minor, x.paid_minor, x.rejected, x.reversed
    FROM (
        SELECT o.brand_id, o.created_at, o.offer_id, o.member_id, o.link_id, o.click_id, o.currency,
               -(CASE WHEN o.status IN ('pending', 'approved') THEN 1 ELSE 0 END) AS conversions,
               -(CASE WHEN o.status IN ('pending', 'approved') THEN coalesce(o.amount_minor, 0) ELSE 0 END) AS sales_minor,
               -(CASE WHEN o.status IN ('pending', 'approved') THEN o.commission_minor ELSE 0 END) AS commission_minor,
               -(CASE WHEN o.status = 'pending' THEN o.commission_minor ELSE 0 END) AS pending_minor,
               -(CASE WHEN o.status = 'approved' AND po.id IS NULL THEN o.commission_minor ELSE 0 END) AS approved_minor,
               -(CASE WHEN o.status = 'approved' AND po.id IS NOT NULL THEN o.commission_minor ELSE 0 END) AS paid_minor,
               -(CASE WHEN o.status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
               -(CASE WHEN o.status = 'reversed' THEN 1 ELSE 0 END) AS reversed
          FROM old_rows o
          LEFT JOIN statements po ON po.id = o.statement_id AND po.status = 'paid'
         WHERE o.status <> 'refused' AND o.offer_id IS NOT NULL
      ) x
    LEFT JOIN clicks c ON c.id = x.click_id
   WHERE x.conversions <> 0 OR x.sales_minor <> 0 OR x.commission_minor <> 0 OR x.pending_minor <> 0 OR x.approved_minor <> 0 OR x.paid_minor <> 0 OR x.rejected <> 0 OR x.reversed <> 0;
  ELSE
    -- Only rows whose figures or keys may change: a note, a placement's approval event, a bulk
    -- run's bookkeeping change none, and then nothing is locked, joined or written.
    IF NOT EXISTS (
      SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.status, n.statement_id, n.amount_minor, n.commission_minor, n.created_at,
              n.offer_id, n.member_id, n.link_id, n.click_id, n.currency, n.brand_id)
             IS DISTINCT FROM
             (o.status, o.statement_id, o.amount_minor, o.commission_minor, o.created_at,
              o.offer_id, o.member_id, o.link_id, o.click_id, o.currency, o.brand_id)) THEN
      RETURN NULL;
    END IF;
    PERFORM 1 FROM statements s
      WHERE s.id IN (SELECT statement_id FROM new_rows WHERE statement_id IS NOT NULL
                     UNION SELECT statement_id FROM old_rows WHERE statement_id IS NOT NULL)
      ORDER BY s.id FOR SHARE;
  INSERT INTO stats_delta (brand_id, hour, offer_id, member_id, link_id, device, country, referrer_domain, sub1, sub2, sub3, sub4, sub5, currency, conversions, sales_minor, commission_minor, pending_minor, approved_minor, paid_minor, rejected, reversed)
  SELECT x.brand_id, date_trunc('hour', x.created_at), x.offer_id,
         coalesce(x.member_id, '00000000-0000-0000-0000-000000000000'), coalesce(x.link_id, '00000000-0000-0000-0000-000000000000'),
         coalesce(c.device, 'other'), left(coalesce(c.country, ''), 200),
         stats_referrer_domain(c.referrer),
         left(coalesce(c.sub1, ''), 200), left(coalesce(c.sub2, ''), 200),
         left(coalesce(c.sub3, ''), 200), left(coalesce(c.sub4, ''), 200),
         left(coalesce(c.sub5, ''), 200), x.currency,
         x.conversions, x.sales_minor, x.commission_minor, x.pending_minor, x.approved_minor, x.paid_minor, x.rejected, x.reversed
    FROM (
        -- part 0: same keys (nearly always), one row of differences; keys changed (a link
        -- deleted, say): part 1 takes the old row out, part 2 puts the new row in.
        SELECT CASE WHEN k.part = 1 THEN o.brand_id ELSE n.brand_id END AS brand_id,
               CASE WHEN k.part = 1 THEN o.created_at ELSE n.created_at END AS created_at,
               CASE WHEN k.part = 1 THEN o.offer_id ELSE n.offer_id END AS offer_id,
               CASE WHEN k.part = 1 THEN o.member_id ELSE n.member_id END AS member_id,
               CASE WHEN k.part = 1 THEN o.link_id ELSE n.link_id END AS link_id,
               CASE WHEN k.part = 1 THEN o.click_id ELSE n.click_id END AS click_id,
               CASE WHEN k.part = 1 THEN o.currency ELSE n.currency END AS currency,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status IN ('pending', 'approved') THEN 1 ELSE 0 END) - (CASE WHEN o.status IN ('pending', 'approved') THEN 1 ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status IN ('pending', 'approved') THEN 1 ELSE 0 END) ELSE CASE WHEN n.status IN ('pending', 'approved') THEN 1 ELSE 0 END END AS conversions,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status IN ('pending', 'approved') THEN coalesce(n.amount_minor, 0) ELSE 0 END) - (CASE WHEN o.status IN ('pending', 'approved') THEN coalesce(o.amount_minor, 0) ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status IN ('pending', 'approved') THEN coalesce(o.amount_minor, 0) ELSE 0 END) ELSE CASE WHEN n.status IN ('pending', 'approved') THEN coalesce(n.amount_minor, 0) ELSE 0 END END AS sales_minor,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status IN ('pending', 'approved') THEN n.commission_minor ELSE 0 END) - (CASE WHEN o.status IN ('pending', 'approved') THEN o.commission_minor ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status IN ('pending', 'approved') THEN o.commission_minor ELSE 0 END) ELSE CASE WHEN n.status IN ('pending', 'approved') THEN n.commission_minor ELSE 0 END END AS commission_minor,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status = 'pending' THEN n.commission_minor ELSE 0 END) - (CASE WHEN o.status = 'pending' THEN o.commission_minor ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status = 'pending' THEN o.commission_minor ELSE 0 END) ELSE CASE WHEN n.status = 'pending' THEN n.commission_minor ELSE 0 END END AS pending_minor,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status = 'approved' AND pn.id IS NULL THEN n.commission_minor ELSE 0 END) - (CASE WHEN o.status = 'approved' AND po.id IS NULL THEN o.commission_minor ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status = 'approved' AND po.id IS NULL THEN o.commission_minor ELSE 0 END) ELSE CASE WHEN n.status = 'approved' AND pn.id IS NULL THEN n.commission_minor ELSE 0 END END AS approved_minor,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status = 'approved' AND pn.id IS NOT NULL THEN n.commission_minor ELSE 0 END) - (CASE WHEN o.status = 'approved' AND po.id IS NOT NULL THEN o.commission_minor ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status = 'approved' AND po.id IS NOT NULL THEN o.commission_minor ELSE 0 END) ELSE CASE WHEN n.status = 'approved' AND pn.id IS NOT NULL THEN n.commission_minor ELSE 0 END END AS paid_minor,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status = 'rejected' THEN 1 ELSE 0 END) - (CASE WHEN o.status = 'rejected' THEN 1 ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status = 'rejected' THEN 1 ELSE 0 END) ELSE CASE WHEN n.status = 'rejected' THEN 1 ELSE 0 END END AS rejected,
               CASE k.part WHEN 0 THEN (CASE WHEN n.status = 'reversed' THEN 1 ELSE 0 END) - (CASE WHEN o.status = 'reversed' THEN 1 ELSE 0 END)
                            WHEN 1 THEN -(CASE WHEN o.status = 'reversed' THEN 1 ELSE 0 END) ELSE CASE WHEN n.status = 'reversed' THEN 1 ELSE 0 END END AS reversed
          FROM new_rows n
          JOIN old_rows o ON o.id = n.id
          LEFT JOIN statements pn ON pn.id = n.statement_id AND pn.status = 'paid'
          LEFT JOIN statements po ON po.id = o.statement_id AND po.status = 'paid'
         -- parts 0 (same keys) or 1 and 2 (keys changed), after the join (they refer to it)
         CROSS JOIN LATERAL (SELECT (n.brand_id, n.created_at, n.offer_id, n.member_id, n.link_id, n.click_id, n.currency) IS NOT DISTINCT FROM (o.brand_id, o.created_at, o.offer_id, o.member_id, o.link_id, o.click_id, o.currency) AS same) sk
         CROSS JOIN LATERAL generate_series(CASE WHEN sk.same THEN 0 ELSE 1 END,
                                            CASE WHEN sk.same THEN 0 ELSE 2 END) k(part)
         WHERE CASE WHEN k.part = 1 THEN o.status <> 'refused' AND o.offer_id IS NOT NULL
                    ELSE n.status <> 'refused' AND n.offer_id IS NOT NULL END
      ) x
    LEFT JOIN clicks c ON c.id = x.click_id
   WHERE x.conversions <> 0 OR x.sales_minor <> 0 OR x.commission_minor <> 0 OR x.pending_minor <> 0 OR x.approved_minor <> 0 OR x.paid_minor <> 0 OR x.rejected <> 0 OR x.reversed <> 0;
  END IF;
  RETURN NULL;
END
$$
-- The transition tables have no statistics: the planner takes old_rows ⋈ new_rows by id for a
-- join that multiplies rows and sorts both sides for a merge join; a hash join is what it is.
SET enable_mergejoin = off;

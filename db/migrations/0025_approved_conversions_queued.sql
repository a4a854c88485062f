-- A conversion stored already approved (and in no statement) is queued too, due at once
-- ('-infinity': the rollup's "created_at <= now - holding period" always holds), so the next
-- rollup places it in its member's statement. Before, only pending ones were queued and an
-- approved one stored as such was never paid (decision 034).
CREATE OR REPLACE FUNCTION payouts_queue_conversions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO payout_queue (conversion_id, brand_id, offer_id, created_at)
  SELECT n.id, n.brand_id, n.offer_id,
         CASE WHEN n.status = 'pending' THEN n.created_at ELSE '-infinity'::timestamptz END
    FROM new_rows n
   WHERE n.offer_id IS NOT NULL
     AND (n.status = 'pending' OR (n.status = 'approved' AND n.statement_id IS NULL));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Approved ones the migration that made the queue put in by their creation time: due at once.
UPDATE payout_queue q SET created_at = '-infinity'
  FROM conversions c
 WHERE c.id = q.conversion_id AND c.status = 'approved' AND c.statement_id IS NULL;

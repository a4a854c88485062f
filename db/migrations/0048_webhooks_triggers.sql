-- Webhook events are written by triggers in the transaction of the change (decision 050): every
-- writer (the portal, the API, the postback batch, the payout rollup) is covered, a rolled-back
-- change leaves no event, and a brand without an enabled endpoint for the type pays one indexed
-- probe per statement (nothing per row).

-- Writes the events of one type for the given rows (brand, resource, snapshot, extra) whose brand
-- has an enabled endpoint for the type, a delivery per (event, endpoint), and a
-- `webhooks__deliver` job per endpoint. Returns the events' ids. The job is added here, not with
-- app/jobs/enqueue.server.ts, because the callers are triggers: see decision 050.
CREATE OR REPLACE FUNCTION webhook_emit(
  p_type text, p_brands uuid[], p_resources uuid[], p_snapshots jsonb[], p_extras jsonb[]
) RETURNS SETOF uuid LANGUAGE plpgsql AS $$
DECLARE
  v_events uuid[];
  v_endpoint uuid;
  v_endpoints uuid[];
BEGIN
  WITH items AS (
    SELECT i.*
      FROM unnest(p_brands, p_resources, p_snapshots, p_extras)
           WITH ORDINALITY AS i(brand_id, resource_id, snapshot, extra, n)
     WHERE EXISTS (SELECT 1 FROM webhook_endpoints e
                    WHERE e.brand_id = i.brand_id AND e.enabled AND p_type = ANY (e.event_types))
  ), ev AS (
    INSERT INTO webhook_events (brand_id, type, resource_id, snapshot, extra)
    SELECT brand_id, p_type, resource_id, snapshot, extra FROM items ORDER BY n
    RETURNING id, seq
  )
  SELECT array_agg(id ORDER BY seq) INTO v_events FROM ev;
  IF v_events IS NULL THEN
    RETURN;
  END IF;
  -- One job per endpoint and call (not per delivery): the job sends the endpoint's waiting
  -- deliveries one at a time in their order (app/webhooks/drain.server.ts).
  WITH dl AS (
    INSERT INTO webhook_deliveries (brand_id, event_id, endpoint_id)
    SELECT ev.brand_id, ev.id, e.id
      FROM webhook_events ev
      JOIN webhook_endpoints e
        ON e.brand_id = ev.brand_id AND e.enabled AND p_type = ANY (e.event_types)
     WHERE ev.id = ANY (v_events)
     ORDER BY ev.seq, e.created_at, e.id
    RETURNING endpoint_id
  )
  SELECT array_agg(DISTINCT endpoint_id) INTO v_endpoints FROM dl;
  FOREACH v_endpoint IN ARRAY v_endpoints
  LOOP
    PERFORM graphile_worker.add_job(
      identifier => 'webhooks__deliver',
      payload => json_build_object('endpointId', v_endpoint),
      max_attempts => 5);
  END LOOP;
  RETURN QUERY SELECT unnest(v_events);
END $$;
--> statement-breakpoint

-- Whether any endpoint of these brands wants the type (the cheap test every trigger makes first).
CREATE OR REPLACE FUNCTION webhook_wanted(p_type text, p_brands uuid[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM webhook_endpoints e
                  WHERE e.enabled AND p_type = ANY (e.event_types)
                    AND e.brand_id = ANY (p_brands))
$$;
--> statement-breakpoint

-- Who made a change: what withLedger (app/payouts/ledger.server.ts) set for the transaction.
CREATE OR REPLACE FUNCTION webhook_actor() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'type', coalesce(nullif(current_setting('offerlink.actor', true), ''), 'system'),
    'id', nullif(current_setting('offerlink.actor_id', true), ''))
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION webhooks_conversions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Most installations and brands have no endpoint: one probe of a small table, nothing per row.
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
  IF NOT webhook_wanted('conversion.created', ARRAY(SELECT DISTINCT brand_id FROM new_rows)) THEN
    RETURN NULL;
  END IF;
  PERFORM webhook_emit('conversion.created',
    array_agg(n.brand_id ORDER BY n.created_at, n.id), array_agg(n.id ORDER BY n.created_at, n.id),
    array_agg(to_jsonb(n) ORDER BY n.created_at, n.id),
    array_agg(NULL::jsonb ORDER BY n.created_at, n.id))
    FROM new_rows n WHERE n.status <> 'refused';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER webhooks_conversions_inserted AFTER INSERT ON conversions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION webhooks_conversions_inserted();
--> statement-breakpoint

CREATE OR REPLACE FUNCTION webhooks_conversions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_who jsonb;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
  IF NOT webhook_wanted('conversion.status_changed',
                        ARRAY(SELECT DISTINCT brand_id FROM new_rows)) THEN
    RETURN NULL;
  END IF;
  v_who := webhook_actor();
  PERFORM webhook_emit('conversion.status_changed',
    array_agg(n.brand_id ORDER BY n.id), array_agg(n.id ORDER BY n.id),
    array_agg(to_jsonb(n) ORDER BY n.id),
    array_agg(jsonb_build_object(
      'from', o.status, 'to', n.status, 'reason', n.reject_reason, 'note', n.status_note,
      'who', v_who, 'at', now()) ORDER BY n.id))
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE n.status IS DISTINCT FROM o.status;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER webhooks_conversions_updated AFTER UPDATE ON conversions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION webhooks_conversions_updated();
--> statement-breakpoint

-- Inserts whose row is finished later in the same transaction (a statement's total, an
-- adjustment's statement): a deferred row trigger, so the snapshot is the row at commit.
CREATE OR REPLACE FUNCTION webhooks_row_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_type text := TG_ARGV[0];
  v_row jsonb;
BEGIN
  -- A clawback is the negative adjustment of a reversed conversion (not a manual adjustment).
  IF TG_TABLE_NAME = 'statement_adjustments' THEN
    IF NEW.conversion_id IS NULL OR NEW.amount_minor >= 0 THEN RETURN NULL; END IF;
  END IF;
  IF NOT webhook_wanted(v_type, ARRAY[NEW.brand_id]) THEN RETURN NULL; END IF;
  EXECUTE format('SELECT to_jsonb(t) FROM %I t WHERE t.id = $1', TG_TABLE_NAME)
     INTO v_row USING NEW.id;
  IF v_row IS NULL THEN RETURN NULL; END IF;
  PERFORM webhook_emit(v_type, ARRAY[NEW.brand_id], ARRAY[NEW.id], ARRAY[v_row], ARRAY[NULL::jsonb]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER webhooks_statements_created AFTER INSERT ON statements
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION webhooks_row_at_commit('statement.created');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER webhooks_clawbacks_created AFTER INSERT ON statement_adjustments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION webhooks_row_at_commit('commission.clawback_created');
--> statement-breakpoint

-- A row changed (or was inserted): the event with the new row.
CREATE OR REPLACE FUNCTION webhooks_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_type text := TG_ARGV[0];
BEGIN
  IF NOT webhook_wanted(v_type, ARRAY[NEW.brand_id]) THEN RETURN NULL; END IF;
  PERFORM webhook_emit(v_type, ARRAY[NEW.brand_id], ARRAY[NEW.id], ARRAY[to_jsonb(NEW)],
                       ARRAY[NULL::jsonb]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER webhooks_statements_paid AFTER UPDATE ON statements FOR EACH ROW
  WHEN (NEW.status = 'paid' AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION webhooks_row_changed('statement.paid');
--> statement-breakpoint
CREATE TRIGGER webhooks_members_updated AFTER UPDATE ON members FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION webhooks_row_changed('member.updated');
--> statement-breakpoint
CREATE TRIGGER webhooks_offers_updated AFTER UPDATE ON offers FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW) - 'updated_at'))
  EXECUTE FUNCTION webhooks_row_changed('offer.updated');
--> statement-breakpoint

-- Inserts of many rows at once (a CSV import, generated links): one call per statement.
CREATE OR REPLACE FUNCTION webhooks_rows_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_type text := TG_ARGV[0];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
  IF NOT webhook_wanted(v_type, ARRAY(SELECT DISTINCT brand_id FROM new_rows)) THEN
    RETURN NULL;
  END IF;
  PERFORM webhook_emit(v_type,
    array_agg(n.brand_id ORDER BY n.created_at, n.id), array_agg(n.id ORDER BY n.created_at, n.id),
    array_agg(to_jsonb(n) ORDER BY n.created_at, n.id),
    array_agg(NULL::jsonb ORDER BY n.created_at, n.id))
    FROM new_rows n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER webhooks_members_created AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION webhooks_rows_inserted('member.created');
--> statement-breakpoint
CREATE TRIGGER webhooks_links_created AFTER INSERT ON links
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION webhooks_rows_inserted('link.created');

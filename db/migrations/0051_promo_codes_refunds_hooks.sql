-- Webhook events for promo codes and store refunds (decision 061), with the functions of
-- 0048_webhooks_triggers (webhook_wanted, webhook_emit): written in the change's transaction,
-- one probe of webhook_endpoints per statement when no endpoint wants them.

-- promo_code.created: every writer (Add Members, the CSV import, the offer's Promo codes tab,
-- the API) inserts into promo_codes; one call per statement.
CREATE TRIGGER webhooks_promo_codes_created AFTER INSERT ON promo_codes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION webhooks_rows_inserted('promo_code.created');
--> statement-breakpoint

-- promo_code.deactivated: a code is never deleted, only deactivated once (deactivated_at set).
CREATE TRIGGER webhooks_promo_codes_deactivated AFTER UPDATE ON promo_codes FOR EACH ROW
  WHEN (OLD.deactivated_at IS NULL AND NEW.deactivated_at IS NOT NULL)
  EXECUTE FUNCTION webhooks_row_changed('promo_code.deactivated');
--> statement-breakpoint

-- conversion.refunded: a store refund that changed a conversion (app/conversions/refund.server.ts
-- inserts one conversion_refunds row per refund that took effect, after it lowered or reversed the
-- conversion). The snapshot is the conversion as the refund left it; `extra` is the refund row.
CREATE OR REPLACE FUNCTION webhooks_conversion_refunds_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
  IF NOT webhook_wanted('conversion.refunded', ARRAY(SELECT DISTINCT brand_id FROM new_rows)) THEN
    RETURN NULL;
  END IF;
  PERFORM webhook_emit('conversion.refunded',
    array_agg(r.brand_id ORDER BY r.created_at, r.id), array_agg(c.id ORDER BY r.created_at, r.id),
    array_agg(to_jsonb(c) ORDER BY r.created_at, r.id),
    array_agg(to_jsonb(r) ORDER BY r.created_at, r.id))
    FROM new_rows r JOIN conversions c ON c.id = r.conversion_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER webhooks_conversion_refunds_inserted AFTER INSERT ON conversion_refunds
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION webhooks_conversion_refunds_inserted();

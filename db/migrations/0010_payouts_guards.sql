-- Guards of the money ledger (docs/decisions/023-payouts-ledger.md). app/payouts/ is the only
-- code that changes a conversion's status or a statement; these triggers refuse what it never
-- does, so a bug or a hand-written UPDATE cannot edit paid money or skip a step.
--   OL001  a paid statement, or a line of one, would change
--   OL002  an illegal conversion status transition
--   OL003  a status change outside app/payouts (no actor set for the transaction)

CREATE FUNCTION offerlink_guard_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A cascade from deleting the brand itself is the only way a paid statement goes.
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF OLD.status = 'paid' THEN
    RAISE EXCEPTION 'statement % is paid and can no longer change', OLD.id
      USING ERRCODE = 'OL001';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_guard BEFORE UPDATE OR DELETE ON statements
  FOR EACH ROW EXECUTE FUNCTION offerlink_guard_statement();
--> statement-breakpoint

CREATE FUNCTION offerlink_guard_adjustment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.statement_id IS NOT NULL
     AND EXISTS (SELECT 1 FROM statements WHERE id = OLD.statement_id AND status = 'paid') THEN
    RAISE EXCEPTION 'adjustment % is a line of paid statement % and can no longer change',
      OLD.id, OLD.statement_id USING ERRCODE = 'OL001';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF NEW.statement_id IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW.statement_id IS DISTINCT FROM OLD.statement_id)
     AND EXISTS (SELECT 1 FROM statements WHERE id = NEW.statement_id AND status = 'paid') THEN
    RAISE EXCEPTION 'statement % is paid: a new line goes to the next statement', NEW.statement_id
      USING ERRCODE = 'OL001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_adjustments_guard BEFORE INSERT OR UPDATE OR DELETE ON statement_adjustments
  FOR EACH ROW EXECUTE FUNCTION offerlink_guard_adjustment();
--> statement-breakpoint

-- Legal transitions: pending -> approved | rejected | reversed; approved -> rejected | reversed.
-- A commission in a paid statement keeps its line (statement, amount, currency, member); it can
-- only be reversed, which app/payouts/ turns into a clawback in the next statement.
CREATE FUNCTION offerlink_guard_conversion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF pg_trigger_depth() <= 1 AND OLD.statement_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM statements WHERE id = OLD.statement_id AND status = 'paid') THEN
      RAISE EXCEPTION 'conversion % is a line of paid statement %', OLD.id, OLD.statement_id
        USING ERRCODE = 'OL001';
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT ((OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected', 'reversed'))
         OR (OLD.status = 'approved' AND NEW.status IN ('rejected', 'reversed'))) THEN
      RAISE EXCEPTION 'conversion % cannot go from % to %', OLD.id, OLD.status, NEW.status
        USING ERRCODE = 'OL002';
    END IF;
    IF coalesce(current_setting('offerlink.actor', true), '') = '' THEN
      RAISE EXCEPTION 'conversion statuses change only through app/payouts (conversion %)', OLD.id
        USING ERRCODE = 'OL003';
    END IF;
  END IF;
  IF OLD.statement_id IS NOT NULL
     AND (NEW.statement_id IS DISTINCT FROM OLD.statement_id
          OR NEW.commission_minor IS DISTINCT FROM OLD.commission_minor
          OR NEW.currency IS DISTINCT FROM OLD.currency
          OR NEW.member_id IS DISTINCT FROM OLD.member_id
          OR NEW.status = 'rejected')
     AND EXISTS (SELECT 1 FROM statements WHERE id = OLD.statement_id AND status = 'paid') THEN
    RAISE EXCEPTION 'conversion % is a line of paid statement % and can no longer change',
      OLD.id, OLD.statement_id USING ERRCODE = 'OL001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER conversions_guard BEFORE UPDATE ON conversions
  FOR EACH ROW
  WHEN (NEW.status IS DISTINCT FROM OLD.status
        OR (OLD.statement_id IS NOT NULL
            AND (NEW.statement_id IS DISTINCT FROM OLD.statement_id
                 OR NEW.commission_minor IS DISTINCT FROM OLD.commission_minor
                 OR NEW.currency IS DISTINCT FROM OLD.currency
                 OR NEW.member_id IS DISTINCT FROM OLD.member_id)))
  EXECUTE FUNCTION offerlink_guard_conversion();
--> statement-breakpoint
CREATE TRIGGER conversions_guard_delete BEFORE DELETE ON conversions
  FOR EACH ROW WHEN (OLD.statement_id IS NOT NULL)
  EXECUTE FUNCTION offerlink_guard_conversion();

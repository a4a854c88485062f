-- The conversions guard (migration payouts_guards) fires only where it may refuse: an illegal
-- transition, a status change without the module's actor, or a change to a line that sits in a
-- statement. The WHEN clause is evaluated without calling PL/pgSQL, so the rollup's legal
-- approvals of a million rows pay nothing for the guard (docs/benchmarks.md).
DROP TRIGGER conversions_guard ON conversions;
--> statement-breakpoint
CREATE TRIGGER conversions_guard BEFORE UPDATE ON conversions
  FOR EACH ROW
  WHEN ((NEW.status IS DISTINCT FROM OLD.status
         AND (NOT ((OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected', 'reversed'))
                   OR (OLD.status = 'approved' AND NEW.status IN ('rejected', 'reversed')))
              OR coalesce(current_setting('offerlink.actor', true), '') = ''))
        OR (OLD.statement_id IS NOT NULL
            AND (NEW.statement_id IS DISTINCT FROM OLD.statement_id
                 OR NEW.commission_minor IS DISTINCT FROM OLD.commission_minor
                 OR NEW.currency IS DISTINCT FROM OLD.currency
                 OR NEW.member_id IS DISTINCT FROM OLD.member_id
                 OR NEW.status = 'rejected')))
  EXECUTE FUNCTION offerlink_guard_conversion();

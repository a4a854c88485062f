-- Decision 036: netting and minimum payouts per currency.
-- 1. minimum_payouts: the minimum payout per brand and currency, in that currency's minor units.
--    brands.minimum_payout_minor was one number of minor units applied to every currency (5000
--    was $50.00 and also ¥5,000). Each brand that had one keeps exactly what it applied: the same
--    minor units for its default currency (USD, the new-offer form's) and every currency its offers
--    or statements use, so no statement changes status here; Settings now shows each in its own
--    currency (¥5,000), where the brand can change it.
-- 2. payouts: one row per payment (a member, a currency, the net of every statement it settled);
--    statements.payout_id links a paid statement to it. Each statement already paid becomes a
--    payout of its own (paid one by one until now), with the statement's id as its id.
CREATE TABLE "minimum_payouts" (
	"brand_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"minimum_minor" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "minimum_payouts_brand_id_currency_pk" PRIMARY KEY("brand_id","currency"),
	CONSTRAINT "minimum_payouts_nonneg" CHECK ("minimum_payouts"."minimum_minor" >= 0),
	CONSTRAINT "minimum_payouts_currency_iso" CHECK ("minimum_payouts"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"statement_count" integer NOT NULL,
	"paid_on" date NOT NULL,
	"payment_method" "payment_method" NOT NULL,
	"payment_reference" text,
	"paid_at" timestamp with time zone NOT NULL,
	"paid_by_user_id" uuid,
	CONSTRAINT "payouts_amount_positive" CHECK ("payouts"."amount_minor" > 0),
	CONSTRAINT "payouts_currency_iso" CHECK ("payouts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "payouts_reference_length" CHECK ("payouts"."payment_reference" is null or char_length("payouts"."payment_reference") <= 200)
);
--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "payout_id" uuid;--> statement-breakpoint
ALTER TABLE "minimum_payouts" ADD CONSTRAINT "minimum_payouts_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_paid_by_user_id_users_id_fk" FOREIGN KEY ("paid_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payouts_member_idx" ON "payouts" USING btree ("member_id","currency","paid_at");--> statement-breakpoint
CREATE INDEX "payouts_brand_idx" ON "payouts" USING btree ("brand_id","paid_at");--> statement-breakpoint
INSERT INTO "payouts" (id, brand_id, member_id, currency, amount_minor, statement_count, paid_on,
                       payment_method, payment_reference, paid_at, paid_by_user_id)
SELECT id, brand_id, member_id, currency, amount_minor, 1, paid_on, payment_method,
       payment_reference, paid_at, paid_by_user_id
  FROM "statements" WHERE status = 'paid' AND amount_minor > 0;--> statement-breakpoint
-- A paid statement never changes (statements_guard); linking it to its payout is the one change
-- made to paid statements, here, with the guard off for this transaction's update.
ALTER TABLE "statements" DISABLE TRIGGER statements_guard;--> statement-breakpoint
UPDATE "statements" SET payout_id = id WHERE status = 'paid' AND amount_minor > 0;--> statement-breakpoint
ALTER TABLE "statements" ENABLE TRIGGER statements_guard;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statements_payout_idx" ON "statements" USING btree ("payout_id") WHERE "statements"."payout_id" is not null;--> statement-breakpoint
INSERT INTO "minimum_payouts" (brand_id, currency, minimum_minor)
SELECT b.id, c.currency, b.minimum_payout_minor
  FROM "brands" b
  CROSS JOIN LATERAL (
    SELECT 'USD'::text AS currency
    UNION SELECT o.currency FROM "offers" o WHERE o.brand_id = b.id
    UNION SELECT s.currency FROM "statements" s WHERE s.brand_id = b.id
  ) c
 WHERE b.minimum_payout_minor > 0;--> statement-breakpoint
ALTER TABLE "brands" DROP COLUMN "minimum_payout_minor";--> statement-breakpoint
-- A payout never changes: only deleting the brand (a cascade) removes one.
CREATE FUNCTION offerlink_guard_payout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'payout % is recorded and can no longer change', OLD.id
    USING ERRCODE = 'OL001';
END $$;
--> statement-breakpoint
CREATE TRIGGER payouts_guard BEFORE UPDATE OR DELETE ON "payouts"
  FOR EACH ROW EXECUTE FUNCTION offerlink_guard_payout();
CREATE TYPE "public"."actor_kind" AS ENUM('user', 'system', 'postback');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('paypal', 'bank_transfer', 'other');--> statement-breakpoint
CREATE TYPE "public"."reject_reason" AS ENUM('fraud', 'returned_order', 'test_order', 'duplicate', 'terms_violation', 'other');--> statement-breakpoint
CREATE TYPE "public"."rollup_run_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "conversion_status_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "conversion_status_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"conversion_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"from_status" "conversion_status" NOT NULL,
	"to_status" "conversion_status" NOT NULL,
	"reason" "reject_reason",
	"note" text,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversion_status_history_user_actor" CHECK (("conversion_status_history"."actor_kind" = 'user') = ("conversion_status_history"."actor_user_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "rollup_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"status" "rollup_run_status" DEFAULT 'queued' NOT NULL,
	"trigger" text NOT NULL,
	"requested_by_user_id" uuid,
	"step" text,
	"approved_count" integer DEFAULT 0 NOT NULL,
	"lines_placed_count" integer DEFAULT 0 NOT NULL,
	"statements_touched_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "links" DROP CONSTRAINT "links_offer_id_offers_id_fk";
--> statement-breakpoint
ALTER TABLE "links" DROP CONSTRAINT "links_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "conversions" DROP CONSTRAINT "conversions_offer_id_offers_id_fk";
--> statement-breakpoint
ALTER TABLE "conversions" DROP CONSTRAINT "conversions_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "statement_adjustments" DROP CONSTRAINT "statement_adjustments_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "statement_adjustments" DROP CONSTRAINT "statement_adjustments_statement_id_statements_id_fk";
--> statement-breakpoint
ALTER TABLE "statements" DROP CONSTRAINT "statements_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "statements" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "statements" ALTER COLUMN "status" SET DEFAULT 'carried_forward'::text;--> statement-breakpoint
DROP TYPE "public"."statement_status";--> statement-breakpoint
CREATE TYPE "public"."statement_status" AS ENUM('open', 'carried_forward', 'paid');--> statement-breakpoint
ALTER TABLE "statements" ALTER COLUMN "status" SET DEFAULT 'carried_forward'::"public"."statement_status";--> statement-breakpoint
ALTER TABLE "statements" ALTER COLUMN "status" SET DATA TYPE "public"."statement_status" USING "status"::"public"."statement_status";--> statement-breakpoint
DROP INDEX "conversions_pending_idx";--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "minimum_payout_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "payout_email" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "notify_paid" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "reject_reason" "reject_reason";--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "status_note" text;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "paid_on" date;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "payment_method" "payment_method";--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "payment_reference" text;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "paid_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD CONSTRAINT "conversion_status_history_conversion_id_conversions_id_fk" FOREIGN KEY ("conversion_id") REFERENCES "public"."conversions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD CONSTRAINT "conversion_status_history_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD CONSTRAINT "conversion_status_history_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_runs" ADD CONSTRAINT "rollup_runs_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_runs" ADD CONSTRAINT "rollup_runs_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversion_status_history_conversion_idx" ON "conversion_status_history" USING btree ("conversion_id","at");--> statement-breakpoint
CREATE INDEX "conversion_status_history_brand_idx" ON "conversion_status_history" USING btree ("brand_id","at");--> statement-breakpoint
CREATE INDEX "rollup_runs_brand_idx" ON "rollup_runs" USING btree ("brand_id","queued_at");--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_paid_by_user_id_users_id_fk" FOREIGN KEY ("paid_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversions_brand_pending_idx" ON "conversions" USING btree ("brand_id","offer_id","created_at") WHERE "conversions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "conversions_brand_unplaced_idx" ON "conversions" USING btree ("brand_id") WHERE "conversions"."status" = 'approved' and "conversions"."statement_id" is null;--> statement-breakpoint
CREATE INDEX "conversions_statement_idx" ON "conversions" USING btree ("statement_id") WHERE "conversions"."statement_id" is not null;--> statement-breakpoint
CREATE INDEX "statement_adjustments_statement_idx" ON "statement_adjustments" USING btree ("statement_id") WHERE "statement_adjustments"."statement_id" is not null;--> statement-breakpoint
CREATE INDEX "statement_adjustments_unplaced_idx" ON "statement_adjustments" USING btree ("brand_id") WHERE "statement_adjustments"."statement_id" is null;--> statement-breakpoint
CREATE INDEX "statements_brand_status_idx" ON "statements" USING btree ("brand_id","status");--> statement-breakpoint
ALTER TABLE "brands" ADD CONSTRAINT "brands_minimum_payout_nonneg" CHECK ("brands"."minimum_payout_minor" >= 0);--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_payout_email" CHECK ("members"."payout_email" is null or ("members"."payout_email" = lower("members"."payout_email") and char_length("members"."payout_email") between 3 and 254));--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_reject_reason_iff_rejected" CHECK (("conversions"."status" = 'rejected') = ("conversions"."reject_reason" is not null));--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_status_note_length" CHECK ("conversions"."status_note" is null or char_length("conversions"."status_note") <= 1000);--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_paid_fields" CHECK (("statements"."status" = 'paid') = ("statements"."paid_on" is not null and "statements"."payment_method" is not null and "statements"."paid_at" is not null));--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_reference_length" CHECK ("statements"."payment_reference" is null or char_length("statements"."payment_reference") <= 200);--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_currency_iso" CHECK ("statements"."currency" ~ '^[A-Z]{3}$');--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_period" CHECK ("statements"."period_end" >= "statements"."period_start");
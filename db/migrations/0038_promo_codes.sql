CREATE TYPE "public"."code_conflict_rule" AS ENUM('code_wins', 'click_wins');--> statement-breakpoint
ALTER TYPE "public"."conversion_source" ADD VALUE 'code';--> statement-breakpoint
ALTER TYPE "public"."refusal_reason" ADD VALUE 'unknown_code';--> statement-breakpoint
CREATE TABLE "promo_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_user_id" uuid,
	"deactivated_at" timestamp with time zone,
	"deactivated_by_user_id" uuid,
	CONSTRAINT "promo_codes_code_format" CHECK ("promo_codes"."code" ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$')
);
--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "code_conflict_rule" "code_conflict_rule" DEFAULT 'code_wins' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "coupon_ref" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "promo_code_id" uuid;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "conflict_rule" "code_conflict_rule";--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "promo_discount" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "promo_code_template" text;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_deactivated_by_user_id_users_id_fk" FOREIGN KEY ("deactivated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "promo_codes_brand_code_active_key" ON "promo_codes" USING btree ("brand_id",upper("code")) WHERE "promo_codes"."deactivated_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "promo_codes_offer_member_active_key" ON "promo_codes" USING btree ("offer_id","member_id") WHERE "promo_codes"."deactivated_at" is null;--> statement-breakpoint
CREATE INDEX "promo_codes_brand_code_idx" ON "promo_codes" USING btree ("brand_id",upper("code"));--> statement-breakpoint
CREATE INDEX "promo_codes_member_idx" ON "promo_codes" USING btree ("member_id");--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_promo_discount_length" CHECK ("offers"."promo_discount" is null or char_length("offers"."promo_discount") between 1 and 80);--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_promo_code_template_length" CHECK ("offers"."promo_code_template" is null or char_length("offers"."promo_code_template") between 1 and 60);
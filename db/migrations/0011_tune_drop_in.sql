ALTER TABLE "brands" ADD COLUMN "last_offer_number" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "offer_number" integer;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "previous_tune_offer_id" integer;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "goal_id" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "adv_sub" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "adv_sub2" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "adv_sub3" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "adv_sub4" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "adv_sub5" text;--> statement-breakpoint
CREATE UNIQUE INDEX "offers_brand_number_key" ON "offers" USING btree ("brand_id","offer_number");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_brand_previous_tune_id_key" ON "offers" USING btree ("brand_id","previous_tune_offer_id") WHERE "offers"."previous_tune_offer_id" is not null;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_previous_tune_id_positive" CHECK ("offers"."previous_tune_offer_id" > 0);
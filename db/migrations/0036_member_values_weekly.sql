DROP INDEX "stats_member_values_member_idx";--> statement-breakpoint
DROP INDEX "stats_member_values_value_idx";--> statement-breakpoint
CREATE INDEX "stats_member_values_member_idx" ON "stats_member_values" USING btree ("brand_id","dim","member_id","day");--> statement-breakpoint
CREATE INDEX "stats_member_values_value_idx" ON "stats_member_values" USING btree ("brand_id","dim","value","day");--> statement-breakpoint
ALTER TABLE "stats_member_values" DROP COLUMN "grain";--> statement-breakpoint
ALTER TABLE "stats_member_values" DROP COLUMN "offer_id";--> statement-breakpoint
-- (dropping offer_id dropped the primary key already)
ALTER TABLE "stats_member_values" DROP CONSTRAINT IF EXISTS "stats_member_values_pkey";
--> statement-breakpoint
ALTER TABLE "stats_member_values" ADD CONSTRAINT "stats_member_values_pkey" PRIMARY KEY("brand_id","dim","day","member_id","value","currency");
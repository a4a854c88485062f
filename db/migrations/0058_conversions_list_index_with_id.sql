DROP INDEX "conversions_brand_created_idx";--> statement-breakpoint
DROP INDEX "conversions_member_idx";--> statement-breakpoint
CREATE INDEX "conversions_brand_created_idx" ON "conversions" USING btree ("brand_id","created_at","id");--> statement-breakpoint
CREATE INDEX "conversions_member_idx" ON "conversions" USING btree ("member_id","created_at","id");
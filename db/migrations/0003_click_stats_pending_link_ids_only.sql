ALTER TABLE "click_stats_pending" DROP COLUMN "brand_ids";--> statement-breakpoint
ALTER TABLE "click_stats_pending" DROP COLUMN "offer_ids";--> statement-breakpoint
ALTER TABLE "click_stats_pending" DROP COLUMN "member_ids";
DROP TABLE "click_stats_daily" CASCADE;--> statement-breakpoint
DROP TABLE "click_stats_pending" CASCADE;
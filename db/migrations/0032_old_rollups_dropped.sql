DROP TABLE "stats_daily" CASCADE;--> statement-breakpoint
DROP TABLE "stats_hourly" CASCADE;
ALTER TYPE "public"."actor_kind" ADD VALUE 'api_key';--> statement-breakpoint
ALTER TABLE "conversion_status_history" DROP CONSTRAINT "conversion_status_history_creation";--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD COLUMN "actor_api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "paid_by_api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "paid_by_api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD CONSTRAINT "conversion_status_history_key_actor" CHECK (("conversion_status_history"."actor_kind"::text = 'api_key') = ("conversion_status_history"."actor_api_key_id" is not null));--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD CONSTRAINT "conversion_status_history_creation" CHECK ("conversion_status_history"."from_status" is not null or ("conversion_status_history"."to_status" = 'pending' and "conversion_status_history"."actor_kind"::text in ('user', 'api_key')));
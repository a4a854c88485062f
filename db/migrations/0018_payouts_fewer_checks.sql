ALTER TABLE "conversion_status_history" DROP CONSTRAINT "conversion_status_history_conversion_id_conversions_id_fk";
--> statement-breakpoint
ALTER TABLE "conversion_status_history" DROP CONSTRAINT "conversion_status_history_brand_id_brands_id_fk";
--> statement-breakpoint
ALTER TABLE "conversion_status_history" DROP CONSTRAINT "conversion_status_history_actor_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "conversions" DROP CONSTRAINT "conversions_statement_id_statements_id_fk";

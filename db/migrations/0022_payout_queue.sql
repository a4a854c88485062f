CREATE TABLE "payout_queue" (
	"conversion_id" uuid PRIMARY KEY NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "conversions_brand_pending_idx";--> statement-breakpoint
DROP INDEX "conversions_brand_unplaced_idx";--> statement-breakpoint
DROP INDEX "conversions_statement_idx";--> statement-breakpoint
DROP INDEX "conversions_offer_order_key";--> statement-breakpoint
ALTER TABLE "conversion_status_history" ALTER COLUMN "conversion_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD COLUMN "batch_size" integer;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "approval_event_id" bigint;--> statement-breakpoint
ALTER TABLE "payout_queue" ADD CONSTRAINT "payout_queue_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_queue_due_idx" ON "payout_queue" USING btree ("brand_id","offer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversions_offer_order_key" ON "conversions" USING btree ("offer_id","order_id") WHERE "conversions"."order_id" is not null and "conversions"."reason" is null;--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD CONSTRAINT "conversion_status_history_one_or_batch" CHECK (("conversion_status_history"."conversion_id" is null) = ("conversion_status_history"."batch_size" is not null));
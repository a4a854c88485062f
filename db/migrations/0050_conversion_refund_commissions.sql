ALTER TABLE "conversion_refunds" ADD COLUMN "full_refund" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversion_refunds" ADD COLUMN "commission_before_minor" bigint;--> statement-breakpoint
ALTER TABLE "conversion_refunds" ADD COLUMN "commission_after_minor" bigint;
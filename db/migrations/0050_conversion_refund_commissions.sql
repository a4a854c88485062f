ALTER TABLE "conversion_refunds" ADD COLUMN "full" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversion_refunds" ADD COLUMN "commission_before_minor" bigint;--> statement-breakpoint
ALTER TABLE "conversion_refunds" ADD COLUMN "commission_after_minor" bigint;
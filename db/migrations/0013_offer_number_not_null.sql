ALTER TABLE "offers" ALTER COLUMN "offer_number" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "offers" ALTER COLUMN "offer_number" SET NOT NULL;
ALTER TABLE "links" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "links" ADD COLUMN "created_by_creator" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "creator_sign_in_tokens" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "creator_email" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
CREATE INDEX "members_email_idx" ON "members" USING btree ("email");--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_label_length" CHECK ("links"."label" is null or char_length("links"."label") between 1 and 60);
CREATE TABLE "stats_pending" (
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"clears_on" date NOT NULL,
	"pending_minor" bigint DEFAULT 0 NOT NULL,
	"pending_count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_pending_pkey" PRIMARY KEY("brand_id","member_id","offer_id","currency","clears_on")
);
--> statement-breakpoint
CREATE TABLE "stats_pending_delta" (
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"clears_on" date NOT NULL,
	"pending_minor" bigint DEFAULT 0 NOT NULL,
	"pending_count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stats_pending_emptied" ON "stats_pending" USING btree ("brand_id") WHERE pending_count = 0;
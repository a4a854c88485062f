CREATE TABLE "stats_members" (
	"brand_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"member_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"unique_clicks" bigint DEFAULT 0 NOT NULL,
	"bot_clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"sales_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	"pending_minor" bigint DEFAULT 0 NOT NULL,
	"approved_minor" bigint DEFAULT 0 NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"rejected" bigint DEFAULT 0 NOT NULL,
	"reversed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_members_pkey" PRIMARY KEY("brand_id","grain","day","member_id","currency")
);
--> statement-breakpoint
CREATE INDEX "stats_members_member_idx" ON "stats_members" USING btree ("brand_id","member_id","grain","day");
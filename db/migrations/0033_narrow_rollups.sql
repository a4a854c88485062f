CREATE TABLE "stats_hours" (
	"brand_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"offer_id" uuid NOT NULL,
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
	CONSTRAINT "stats_hours_pkey" PRIMARY KEY("brand_id","hour","offer_id","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_links" (
	"brand_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
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
	CONSTRAINT "stats_links_pkey" PRIMARY KEY("brand_id","grain","day","offer_id","member_id","link_id","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_member_values" (
	"brand_id" uuid NOT NULL,
	"dim" text NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"value" text NOT NULL,
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
	CONSTRAINT "stats_member_values_pkey" PRIMARY KEY("brand_id","dim","grain","day","offer_id","member_id","value","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_offers" (
	"brand_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
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
	CONSTRAINT "stats_offers_pkey" PRIMARY KEY("brand_id","grain","day","offer_id","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_values" (
	"brand_id" uuid NOT NULL,
	"dim" text NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
	"value" text NOT NULL,
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
	CONSTRAINT "stats_values_pkey" PRIMARY KEY("brand_id","dim","grain","day","offer_id","value","currency")
);
--> statement-breakpoint
CREATE INDEX "stats_links_member_idx" ON "stats_links" USING btree ("brand_id","member_id","grain","day");--> statement-breakpoint
CREATE INDEX "stats_links_link_idx" ON "stats_links" USING btree ("brand_id","link_id","grain","day");--> statement-breakpoint
CREATE INDEX "stats_member_values_member_idx" ON "stats_member_values" USING btree ("brand_id","dim","member_id","grain","day");--> statement-breakpoint
CREATE INDEX "stats_member_values_value_idx" ON "stats_member_values" USING btree ("brand_id","dim","value","grain","day");--> statement-breakpoint
CREATE INDEX "stats_values_value_idx" ON "stats_values" USING btree ("brand_id","dim","value","grain","day");
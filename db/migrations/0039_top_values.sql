CREATE TABLE "stats_click_batches" (
	"created_from" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_offer_values" (
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
	CONSTRAINT "stats_offer_values_pkey" PRIMARY KEY("brand_id","dim","grain","day","offer_id","value","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_value_keys" (
	"brand_id" uuid NOT NULL,
	"dim" text NOT NULL,
	"month" date NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "stats_value_keys_brand_id_dim_month_value_pk" PRIMARY KEY("brand_id","dim","month","value")
);
--> statement-breakpoint
ALTER TABLE "stats_values" DROP COLUMN "offer_id";--> statement-breakpoint
-- (dropping offer_id dropped the primary key already: IF EXISTS, as in member_values_weekly)
ALTER TABLE "stats_values" DROP CONSTRAINT IF EXISTS "stats_values_pkey";
--> statement-breakpoint
ALTER TABLE "stats_values" ADD CONSTRAINT "stats_values_pkey" PRIMARY KEY("brand_id","dim","grain","day","value","currency");
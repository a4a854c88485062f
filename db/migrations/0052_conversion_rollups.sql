CREATE TABLE "stats_conversion_days" (
	"brand_id" uuid NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
	"source" "conversion_source" NOT NULL,
	"promo_code_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"refused" bigint DEFAULT 0 NOT NULL,
	"sales_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_conversion_days_pkey" PRIMARY KEY("brand_id","day","offer_id","source","promo_code_id","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_conversion_delta" (
	"brand_id" uuid NOT NULL,
	"member_id" uuid DEFAULT '00000000-0000-0000-0000-000000000000'::uuid NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
	"source" "conversion_source" NOT NULL,
	"promo_code_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"refused" bigint DEFAULT 0 NOT NULL,
	"sales_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_conversion_member_days" (
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
	"source" "conversion_source" NOT NULL,
	"promo_code_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"refused" bigint DEFAULT 0 NOT NULL,
	"sales_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_conversion_member_days_pkey" PRIMARY KEY("brand_id","member_id","day","offer_id","source","promo_code_id","currency")
);

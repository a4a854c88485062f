CREATE TABLE "stats_daily" (
	"brand_id" uuid NOT NULL,
	"dim" text NOT NULL,
	"day" date NOT NULL,
	"offer_id" uuid NOT NULL,
	"value" text NOT NULL,
	"bucket" text NOT NULL,
	"currency" text NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"unique_clicks" bigint DEFAULT 0 NOT NULL,
	"bot_clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"sales_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_daily_pkey" PRIMARY KEY("brand_id","dim","day","offer_id","value","bucket","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_delta" (
	"brand_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"offer_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"device" "device_class" NOT NULL,
	"country" text NOT NULL,
	"referrer_domain" text NOT NULL,
	"sub1" text NOT NULL,
	"sub2" text NOT NULL,
	"sub3" text NOT NULL,
	"sub4" text NOT NULL,
	"sub5" text NOT NULL,
	"bucket" text NOT NULL,
	"currency" text NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"unique_clicks" bigint DEFAULT 0 NOT NULL,
	"bot_clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"sales_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_hourly" (
	"brand_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"offer_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"device" "device_class" NOT NULL,
	"country" text NOT NULL,
	"referrer_domain" text NOT NULL,
	"sub1" text NOT NULL,
	"sub2" text NOT NULL,
	"sub3" text NOT NULL,
	"sub4" text NOT NULL,
	"sub5" text NOT NULL,
	"bucket" text NOT NULL,
	"currency" text NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"unique_clicks" bigint DEFAULT 0 NOT NULL,
	"bot_clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"sales_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_hourly_pkey" PRIMARY KEY("brand_id","hour","offer_id","member_id","link_id","device","country","referrer_domain","sub1","sub2","sub3","sub4","sub5","bucket","currency")
);
--> statement-breakpoint
CREATE TABLE "stats_watermark" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"snapshot" text,
	"folded_at" timestamp with time zone DEFAULT '-infinity' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
CREATE INDEX "stats_daily_value_idx" ON "stats_daily" USING btree ("brand_id","dim","value","day");--> statement-breakpoint
CREATE INDEX "stats_hourly_member_idx" ON "stats_hourly" USING btree ("brand_id","member_id","hour");--> statement-breakpoint
CREATE INDEX "stats_hourly_link_idx" ON "stats_hourly" USING btree ("brand_id","link_id","hour");
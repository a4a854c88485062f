-- Clicks partitioned by month of created_at (docs/decisions/022-click-partitions-and-retention.md).
-- The existing table is renamed and a partitioned one takes its place, with one partition per UTC
-- month from the oldest click to two months ahead and a default partition for anything else; the
-- rows are copied over and the old table dropped. From then on the app creates partitions ahead
-- (at start and daily) and CLICK_RETENTION_MONTHS drops old ones.
ALTER TABLE "clicks" RENAME TO "clicks_unpartitioned";
--> statement-breakpoint
ALTER INDEX "clicks_created_brin" RENAME TO "clicks_unpartitioned_created_brin";
--> statement-breakpoint
ALTER TABLE "clicks_unpartitioned" RENAME CONSTRAINT "clicks_pkey" TO "clicks_unpartitioned_pkey";
--> statement-breakpoint
CREATE TABLE "clicks" (
	"id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ip_hash" text NOT NULL,
	"user_agent" text,
	"referrer" text,
	"country" text,
	"device" "device_class" DEFAULT 'other' NOT NULL,
	"is_bot" boolean DEFAULT false NOT NULL,
	"is_unique" boolean DEFAULT true NOT NULL,
	"attributable" boolean DEFAULT true NOT NULL,
	"sub1" text,
	"sub2" text,
	"sub3" text,
	"sub4" text,
	"sub5" text,
	CONSTRAINT "clicks_id_created_at_pk" PRIMARY KEY("id","created_at")
) PARTITION BY RANGE ("created_at");
--> statement-breakpoint
CREATE INDEX "clicks_created_brin" ON "clicks" USING brin ("created_at");
--> statement-breakpoint
CREATE TABLE "clicks_default" PARTITION OF "clicks" DEFAULT;
--> statement-breakpoint
DO $$
DECLARE
  -- Months as UTC wall-clock timestamps, so no session time zone enters the arithmetic.
  m timestamp;
  last_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months';
BEGIN
  SELECT coalesce(date_trunc('month', min(created_at) AT TIME ZONE 'UTC'),
                  date_trunc('month', now() AT TIME ZONE 'UTC'))
    INTO m FROM clicks_unpartitioned;
  WHILE m <= last_month LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF clicks FOR VALUES FROM (%L) TO (%L)',
                   'clicks_p' || to_char(m, 'YYYYMM'), m AT TIME ZONE 'UTC',
                   (m + interval '1 month') AT TIME ZONE 'UTC');
    m := m + interval '1 month';
  END LOOP;
END
$$;
--> statement-breakpoint
INSERT INTO "clicks" ("id", "brand_id", "offer_id", "link_id", "member_id", "created_at", "ip_hash",
  "user_agent", "referrer", "country", "device", "is_bot", "is_unique", "attributable", "sub1",
  "sub2", "sub3", "sub4", "sub5")
SELECT "id", "brand_id", "offer_id", "link_id", "member_id", "created_at", "ip_hash", "user_agent",
  "referrer", "country", "device", "is_bot", "is_unique", "attributable", "sub1", "sub2", "sub3",
  "sub4", "sub5"
FROM "clicks_unpartitioned";
--> statement-breakpoint
DROP TABLE "clicks_unpartitioned";

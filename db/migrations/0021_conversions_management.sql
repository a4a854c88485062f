CREATE TABLE "conversion_bulk_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"requested_by_user_id" uuid NOT NULL,
	"intent" text NOT NULL,
	"reject_reason" "reject_reason",
	"note" text,
	"filter_query" text DEFAULT '' NOT NULL,
	"conversion_ids" uuid[] NOT NULL,
	"total" integer NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"changed_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"refused_count" integer DEFAULT 0 NOT NULL,
	"refused_message" text,
	"status" "rollup_run_status" DEFAULT 'queued' NOT NULL,
	"error" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "conversion_bulk_runs_intent" CHECK ("conversion_bulk_runs"."intent" in ('approve', 'reject', 'reverse')),
	CONSTRAINT "conversion_bulk_runs_reason" CHECK (("conversion_bulk_runs"."intent" = 'reject') = ("conversion_bulk_runs"."reject_reason" is not null)),
	CONSTRAINT "conversion_bulk_runs_total" CHECK ("conversion_bulk_runs"."total" = cardinality("conversion_bulk_runs"."conversion_ids")),
	CONSTRAINT "conversion_bulk_runs_progress" CHECK ("conversion_bulk_runs"."processed" between 0 and "conversion_bulk_runs"."total")
);
--> statement-breakpoint
ALTER TABLE "conversion_status_history" ALTER COLUMN "from_status" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "conversion_bulk_runs" ADD CONSTRAINT "conversion_bulk_runs_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversion_bulk_runs" ADD CONSTRAINT "conversion_bulk_runs_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversion_bulk_runs_brand_idx" ON "conversion_bulk_runs" USING btree ("brand_id","queued_at");--> statement-breakpoint
ALTER TABLE "conversion_status_history" ADD CONSTRAINT "conversion_status_history_creation" CHECK ("conversion_status_history"."from_status" is not null or ("conversion_status_history"."to_status" = 'pending' and "conversion_status_history"."actor_kind" = 'user'));
CREATE TYPE "public"."conversion_source" AS ENUM('postback', 'tune', 'member_postback', 'js', 'pixel', 'manual');--> statement-breakpoint
CREATE TYPE "public"."conversion_status" AS ENUM('pending', 'approved', 'rejected', 'reversed', 'refused');--> statement-breakpoint
CREATE TYPE "public"."conversion_type" AS ENUM('sale', 'lead', 'email_submit', 'download');--> statement-breakpoint
CREATE TYPE "public"."device_class" AS ENUM('desktop', 'mobile', 'tablet', 'bot', 'other');--> statement-breakpoint
CREATE TYPE "public"."offer_status" AS ENUM('active', 'paused');--> statement-breakpoint
CREATE TYPE "public"."payout_type" AS ENUM('cps_percent', 'cpa_flat');--> statement-breakpoint
CREATE TYPE "public"."refusal_reason" AS ENUM('unknown_click', 'offer_paused', 'offer_expired', 'outside_window', 'duplicate_order', 'invalid_amount', 'bot_click');--> statement-breakpoint
CREATE TYPE "public"."statement_status" AS ENUM('pending', 'paid');--> statement-breakpoint
CREATE TYPE "public"."tracking_method" AS ENUM('js_postback', 'server_postback', 'server_postback_member', 'pixel');--> statement-breakpoint
CREATE TABLE "brands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"postback_token" text NOT NULL,
	"publishable_key" text NOT NULL,
	"allowed_origins" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brands_postback_token_unique" UNIQUE("postback_token"),
	CONSTRAINT "brands_publishable_key_unique" UNIQUE("publishable_key")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lower" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"instagram" text,
	"tiktok" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_email_lower" CHECK ("members"."email" = lower("members"."email")),
	CONSTRAINT "members_name_length" CHECK (char_length("members"."name") between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "project_members" (
	"project_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	CONSTRAINT "project_members_project_id_member_id_pk" PRIMARY KEY("project_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_name_length" CHECK (char_length("projects"."name") between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "offer_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"image_id" uuid,
	"icon" text,
	"status" "offer_status" DEFAULT 'active' NOT NULL,
	"offer_url" text NOT NULL,
	"conversion_type" "conversion_type" DEFAULT 'sale' NOT NULL,
	"tracking_method" "tracking_method" DEFAULT 'js_postback' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"ends_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"attribution_window_days" integer DEFAULT 30 NOT NULL,
	"holding_period_days" integer DEFAULT 0 NOT NULL,
	"utm_source" text,
	"utm_medium" text,
	"utm_campaign" text,
	"utm_content" text,
	"utm_term" text,
	"allow_creator_deep_links" boolean DEFAULT false NOT NULL,
	"additional_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"click_id_param" text DEFAULT 'transaction_id' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_name_length" CHECK (char_length("offers"."name") between 1 and 120),
	CONSTRAINT "offers_currency_iso" CHECK ("offers"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "offers_window_range" CHECK ("offers"."attribution_window_days" between 1 and 365),
	CONSTRAINT "offers_holding_range" CHECK ("offers"."holding_period_days" between 0 and 365),
	CONSTRAINT "offers_url_http" CHECK ("offers"."offer_url" ~* '^https?://'),
	CONSTRAINT "offers_click_id_param" CHECK ("offers"."click_id_param" ~ '^[A-Za-z0-9_.-]{1,64}$')
);
--> statement-breakpoint
CREATE TABLE "payout_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"type" "payout_type" NOT NULL,
	"percent" numeric(7, 4),
	"amount_minor" bigint,
	"is_default" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_options_value" CHECK (("payout_options"."type" = 'cps_percent' and "payout_options"."percent" is not null and "payout_options"."percent" > 0 and "payout_options"."percent" <= 100 and "payout_options"."amount_minor" is null)
       or ("payout_options"."type" = 'cpa_flat' and "payout_options"."amount_minor" is not null and "payout_options"."amount_minor" >= 0 and "payout_options"."percent" is null)),
	CONSTRAINT "payout_options_title_length" CHECK (char_length("payout_options"."title") between 1 and 80)
);
--> statement-breakpoint
CREATE TABLE "links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"payout_option_id" uuid NOT NULL,
	"code" text NOT NULL,
	"deep_link" text,
	"last_emailed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bad_token_counts" (
	"day" date PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "click_stats_daily" (
	"link_id" uuid NOT NULL,
	"day" date NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"unique_clicks" bigint DEFAULT 0 NOT NULL,
	"bot_clicks" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "click_stats_daily_link_id_day_pk" PRIMARY KEY("link_id","day")
);
--> statement-breakpoint
CREATE TABLE "clicks" (
	"id" uuid PRIMARY KEY NOT NULL,
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
	"sub5" text
);
--> statement-breakpoint
CREATE TABLE "conversions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid,
	"link_id" uuid,
	"member_id" uuid,
	"payout_option_id" uuid,
	"click_ref" text,
	"click_id" uuid,
	"order_id" text,
	"event" text,
	"amount_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	"status" "conversion_status" NOT NULL,
	"reason" "refusal_reason",
	"source" "conversion_source" NOT NULL,
	"raw" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"reversed_at" timestamp with time zone,
	"statement_id" uuid,
	CONSTRAINT "conversions_reason_iff_refused" CHECK (("conversions"."status" = 'refused') = ("conversions"."reason" is not null)),
	CONSTRAINT "conversions_amount_nonneg" CHECK ("conversions"."amount_minor" is null or "conversions"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "statement_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"conversion_id" uuid NOT NULL,
	"statement_id" uuid,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"status" "statement_status" DEFAULT 'pending' NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creator_sign_in_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"member_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_one_owner" CHECK (("sessions"."user_id" is null) <> ("sessions"."member_id" is null))
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"from_address" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"transport" text NOT NULL,
	"provider_message_id" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_outbox_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_images" ADD CONSTRAINT "offer_images_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_image_id_offer_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."offer_images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_options" ADD CONSTRAINT "payout_options_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_options" ADD CONSTRAINT "payout_options_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_payout_option_id_payout_options_id_fk" FOREIGN KEY ("payout_option_id") REFERENCES "public"."payout_options"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_link_id_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_payout_option_id_payout_options_id_fk" FOREIGN KEY ("payout_option_id") REFERENCES "public"."payout_options"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_conversion_id_conversions_id_fk" FOREIGN KEY ("conversion_id") REFERENCES "public"."conversions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creator_sign_in_tokens" ADD CONSTRAINT "creator_sign_in_tokens_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creator_sign_in_tokens" ADD CONSTRAINT "creator_sign_in_tokens_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_brand_idx" ON "users" USING btree ("brand_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_brand_email_key" ON "members" USING btree ("brand_id","email");--> statement-breakpoint
CREATE INDEX "members_brand_name_idx" ON "members" USING btree ("brand_id","name");--> statement-breakpoint
CREATE INDEX "project_members_member_idx" ON "project_members" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_brand_name_key" ON "projects" USING btree ("brand_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "offers_brand_name_key" ON "offers" USING btree ("brand_id",lower("name"));--> statement-breakpoint
CREATE INDEX "offers_ends_at_idx" ON "offers" USING btree ("ends_at") WHERE "offers"."expired_at" is null;--> statement-breakpoint
CREATE INDEX "payout_options_offer_idx" ON "payout_options" USING btree ("offer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_options_one_default" ON "payout_options" USING btree ("offer_id") WHERE "payout_options"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "links_code_key" ON "links" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "links_offer_member_main_key" ON "links" USING btree ("offer_id","member_id") WHERE "links"."deep_link" is null;--> statement-breakpoint
CREATE INDEX "links_member_idx" ON "links" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "links_brand_offer_idx" ON "links" USING btree ("brand_id","offer_id");--> statement-breakpoint
CREATE INDEX "click_stats_daily_brand_day_idx" ON "click_stats_daily" USING btree ("brand_id","day");--> statement-breakpoint
CREATE INDEX "click_stats_daily_member_day_idx" ON "click_stats_daily" USING btree ("member_id","day");--> statement-breakpoint
CREATE INDEX "clicks_link_created_idx" ON "clicks" USING btree ("link_id","created_at");--> statement-breakpoint
CREATE INDEX "clicks_created_brin" ON "clicks" USING brin ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversions_offer_order_key" ON "conversions" USING btree ("offer_id","order_id") WHERE "conversions"."order_id" is not null and "conversions"."status" <> 'refused';--> statement-breakpoint
CREATE INDEX "conversions_brand_created_idx" ON "conversions" USING btree ("brand_id","created_at");--> statement-breakpoint
CREATE INDEX "conversions_member_idx" ON "conversions" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "conversions_link_idx" ON "conversions" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "conversions_pending_idx" ON "conversions" USING btree ("created_at") WHERE "conversions"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "statement_adjustments_conversion_key" ON "statement_adjustments" USING btree ("conversion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_member_period_key" ON "statements" USING btree ("member_id","period_start","currency");--> statement-breakpoint
CREATE INDEX "statements_brand_idx" ON "statements" USING btree ("brand_id","period_start");--> statement-breakpoint
CREATE INDEX "creator_sign_in_tokens_member_idx" ON "creator_sign_in_tokens" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_member_idx" ON "sessions" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "email_outbox_brand_idx" ON "email_outbox" USING btree ("brand_id","created_at");
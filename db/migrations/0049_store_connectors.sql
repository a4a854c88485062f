CREATE TYPE "public"."store_kind" AS ENUM('shopify', 'woocommerce', 'stripe');--> statement-breakpoint
ALTER TYPE "public"."conversion_source" ADD VALUE 'shopify';--> statement-breakpoint
ALTER TYPE "public"."conversion_source" ADD VALUE 'woocommerce';--> statement-breakpoint
ALTER TYPE "public"."conversion_source" ADD VALUE 'stripe';--> statement-breakpoint
CREATE TABLE "connector_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"topic" text NOT NULL,
	"external_id" text,
	"raw_body" text NOT NULL,
	"verdict" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"http_status" integer NOT NULL,
	"conversion_id" uuid,
	"replay_of" uuid,
	CONSTRAINT "connector_deliveries_verdict" CHECK ("connector_deliveries"."verdict" in ('accepted', 'refused', 'duplicate', 'refunded', 'ignored', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "conversion_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"conversion_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"sale_minor" bigint NOT NULL,
	"commission_minor" bigint NOT NULL,
	"adjustment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversion_refunds_nonneg" CHECK ("conversion_refunds"."sale_minor" >= 0 and "conversion_refunds"."commission_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "store_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"kind" "store_kind" NOT NULL,
	"token" text NOT NULL,
	"signing_secret" text NOT NULL,
	"include_shipping" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_connectors_secret_length" CHECK (char_length("store_connectors"."signing_secret") between 8 and 300)
);
--> statement-breakpoint
DROP INDEX "statement_adjustments_conversion_key";--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "recurring_months" integer;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD COLUMN "refund_id" uuid;--> statement-breakpoint
ALTER TABLE "connector_deliveries" ADD CONSTRAINT "connector_deliveries_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_deliveries" ADD CONSTRAINT "connector_deliveries_connector_id_store_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."store_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_deliveries" ADD CONSTRAINT "connector_deliveries_conversion_id_conversions_id_fk" FOREIGN KEY ("conversion_id") REFERENCES "public"."conversions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversion_refunds" ADD CONSTRAINT "conversion_refunds_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversion_refunds" ADD CONSTRAINT "conversion_refunds_conversion_id_conversions_id_fk" FOREIGN KEY ("conversion_id") REFERENCES "public"."conversions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_connectors" ADD CONSTRAINT "store_connectors_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_connectors" ADD CONSTRAINT "store_connectors_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connector_deliveries_connector_idx" ON "connector_deliveries" USING btree ("connector_id","received_at");--> statement-breakpoint
CREATE INDEX "connector_deliveries_received_idx" ON "connector_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversion_refunds_ref_key" ON "conversion_refunds" USING btree ("conversion_id","ref");--> statement-breakpoint
CREATE UNIQUE INDEX "store_connectors_token_key" ON "store_connectors" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "store_connectors_offer_kind_key" ON "store_connectors" USING btree ("offer_id","kind");--> statement-breakpoint
CREATE INDEX "store_connectors_brand_idx" ON "store_connectors" USING btree ("brand_id");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_adjustments_refund_key" ON "statement_adjustments" USING btree ("refund_id") WHERE "statement_adjustments"."refund_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "statement_adjustments_conversion_key" ON "statement_adjustments" USING btree ("conversion_id") WHERE "statement_adjustments"."refund_id" is null;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_recurring_range" CHECK ("offers"."recurring_months" between 1 and 120);
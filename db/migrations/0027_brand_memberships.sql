CREATE TYPE "public"."brand_role" AS ENUM('viewer', 'manager', 'admin', 'owner');--> statement-breakpoint
CREATE TABLE "brand_memberships" (
	"user_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"role" "brand_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_memberships_user_id_brand_id_pk" PRIMARY KEY("user_id","brand_id")
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_brand_id_brands_id_fk";
--> statement-breakpoint
DROP INDEX "users_brand_idx";--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "brand_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "user_agent" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "brand_memberships" ADD CONSTRAINT "brand_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_memberships" ADD CONSTRAINT "brand_memberships_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brand_memberships_brand_idx" ON "brand_memberships" USING btree ("brand_id");--> statement-breakpoint
CREATE UNIQUE INDEX "brand_memberships_one_owner" ON "brand_memberships" USING btree ("brand_id") WHERE "brand_memberships"."role" = 'owner';--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_brand_idx" ON "sessions" USING btree ("brand_id");--> statement-breakpoint
-- Hand-added data step: every existing user becomes the owner of the brand they belonged to (the
-- earliest user of a brand, should a brand have several, the others admins), and their open
-- sessions keep that brand.
INSERT INTO "brand_memberships" ("user_id", "brand_id", "role", "created_at")
SELECT "id", "brand_id",
  (CASE WHEN row_number() OVER (PARTITION BY "brand_id" ORDER BY "created_at", "id") = 1
    THEN 'owner' ELSE 'admin' END)::"brand_role",
  "created_at"
FROM "users";--> statement-breakpoint
UPDATE "sessions" SET "brand_id" = "users"."brand_id" FROM "users" WHERE "users"."id" = "sessions"."user_id";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "brand_id";
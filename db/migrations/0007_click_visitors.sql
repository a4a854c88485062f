CREATE TABLE "click_visitors" (
	"link_id" uuid NOT NULL,
	"visitor" uuid NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"previous_seen" timestamp with time zone,
	CONSTRAINT "click_visitors_link_id_visitor_pk" PRIMARY KEY("link_id","visitor")
);
--> statement-breakpoint
CREATE INDEX "click_visitors_last_seen_idx" ON "click_visitors" USING btree ("last_seen");
CREATE TABLE "click_stats_pending" (
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"link_ids" uuid[] NOT NULL,
	"days" date[] NOT NULL,
	"brand_ids" uuid[] NOT NULL,
	"offer_ids" uuid[] NOT NULL,
	"member_ids" uuid[] NOT NULL,
	"clicks" bigint[] NOT NULL,
	"unique_clicks" bigint[] NOT NULL,
	"bot_clicks" bigint[] NOT NULL
);

-- Top values per month (docs/decisions/058-top-values.md): the rollups are rebuilt from raw rows by
-- the next fold (migration top_values_fold resets the watermark and the deltas). They are emptied
-- first: stats_values loses its offer column, and its old rows would collide under the new key.
TRUNCATE stats_hours, stats_offers, stats_links, stats_values, stats_member_values;

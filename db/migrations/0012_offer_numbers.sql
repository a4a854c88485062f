-- Offer numbers (decision 022): existing offers are numbered 1, 2, 3… per brand in creation
-- order; every new offer takes its brand's next number from brands.last_offer_number (the row
-- lock on the brand serialises concurrent inserts; a number is never given twice, even after a
-- delete).
WITH numbered AS (
  SELECT id, row_number() OVER (PARTITION BY brand_id ORDER BY created_at, id) AS n
    FROM offers
)
UPDATE offers o SET offer_number = numbered.n FROM numbered WHERE numbered.id = o.id;
--> statement-breakpoint
UPDATE brands b
   SET last_offer_number = coalesce((SELECT max(o.offer_number) FROM offers o WHERE o.brand_id = b.id), 0);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION offers_take_offer_number() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE brands SET last_offer_number = last_offer_number + 1
   WHERE id = NEW.brand_id
   RETURNING last_offer_number INTO NEW.offer_number;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER offers_offer_number BEFORE INSERT ON offers
  FOR EACH ROW EXECUTE FUNCTION offers_take_offer_number();

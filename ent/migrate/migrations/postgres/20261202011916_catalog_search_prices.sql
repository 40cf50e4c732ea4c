-- Modify "product_terms" table
ALTER TABLE "product_terms" ADD COLUMN "weight" bigint NOT NULL DEFAULT 7;
-- Modify "products" table
ALTER TABLE "products" ADD COLUMN "price_per_base" double precision NULL, ADD COLUMN "price_dimension" character varying NULL;
-- Create index "product_price_dimension_price_per_base" to table: "products"
CREATE INDEX "product_price_dimension_price_per_base" ON "products" ("price_dimension", "price_per_base");

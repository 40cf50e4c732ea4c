-- Modify "products" table
ALTER TABLE "products" ADD COLUMN "producer_verified" boolean NOT NULL DEFAULT false;

-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_products" table
CREATE TABLE `new_products` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `sku` text NULL, `name_indonesian` text NOT NULL, `name_english` text NOT NULL, `description_indonesian` text NULL, `description_english` text NULL, `hs_code` text NOT NULL, `hs_chapter` text NOT NULL, `species` text NULL, `material` text NULL, `form` text NOT NULL, `unit` text NOT NULL, `moq` real NULL, `capacity_amount` real NOT NULL, `capacity_unit` text NOT NULL, `capacity_period` text NOT NULL, `capacity_monthly` real NOT NULL, `capacity_dimension` text NOT NULL, `price_min` integer NULL, `price_max` integer NULL, `price_per_base` real NULL, `price_dimension` text NULL, `price_currency` text NULL, `incoterm` text NULL, `lead_time_days` integer NULL, `shelf_life_days` integer NULL, `pack_size` real NULL, `pack_unit` text NULL, `packaging` text NULL, `container_load_20ft` real NULL, `container_load_40ft` real NULL, `container_load_unit` text NULL, `hidden_at` datetime NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `excluded_countries` json NULL, `producer_verified` bool NOT NULL DEFAULT (false), `producer_id` integer NOT NULL, CONSTRAINT `products_producers_products` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_products" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_products", 42949672960);
-- Copy rows from old table "products" to new temporary table "new_products"
INSERT INTO `new_products` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `sku`, `name_indonesian`, `name_english`, `description_indonesian`, `description_english`, `hs_code`, `hs_chapter`, `species`, `material`, `form`, `unit`, `moq`, `capacity_amount`, `capacity_unit`, `capacity_period`, `capacity_monthly`, `capacity_dimension`, `price_min`, `price_max`, `price_per_base`, `price_dimension`, `price_currency`, `incoterm`, `lead_time_days`, `shelf_life_days`, `pack_size`, `pack_unit`, `packaging`, `container_load_20ft`, `container_load_40ft`, `container_load_unit`, `hidden_at`, `status`, `excluded_countries`, `producer_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `sku`, `name_indonesian`, `name_english`, `description_indonesian`, `description_english`, `hs_code`, `hs_chapter`, `species`, `material`, `form`, `unit`, `moq`, `capacity_amount`, `capacity_unit`, `capacity_period`, `capacity_monthly`, `capacity_dimension`, `price_min`, `price_max`, `price_per_base`, `price_dimension`, `price_currency`, `incoterm`, `lead_time_days`, `shelf_life_days`, `pack_size`, `pack_unit`, `packaging`, `container_load_20ft`, `container_load_40ft`, `container_load_unit`, `hidden_at`, `status`, `excluded_countries`, `producer_id` FROM `products`;
-- Drop "products" table after copying rows
DROP TABLE `products`;
-- Rename temporary table "new_products" to "products"
ALTER TABLE `new_products` RENAME TO `products`;
-- Create index "product_producer_id_sku" to table: "products"
CREATE UNIQUE INDEX `product_producer_id_sku` ON `products` (`producer_id`, `sku`);
-- Create index "product_hs_code" to table: "products"
CREATE INDEX `product_hs_code` ON `products` (`hs_code`);
-- Create index "product_status_capacity_monthly" to table: "products"
CREATE INDEX `product_status_capacity_monthly` ON `products` (`status`, `capacity_monthly`);
-- Create index "product_status_dimension_capacity_id" to table: "products"
CREATE INDEX `product_status_dimension_capacity_id` ON `products` (`status`, `capacity_dimension`, `capacity_monthly`, `id`);
-- Create index "product_status_dimension_capacity_hs" to table: "products"
CREATE INDEX `product_status_dimension_capacity_hs` ON `products` (`status`, `capacity_dimension`, `capacity_monthly`, `hs_code`);
-- Create index "product_hs_chapter" to table: "products"
CREATE INDEX `product_hs_chapter` ON `products` (`hs_chapter`);
-- Create index "product_price_dimension_price_per_base" to table: "products"
CREATE INDEX `product_price_dimension_price_per_base` ON `products` (`price_dimension`, `price_per_base`);
-- Create index "product_hidden_at" to table: "products"
CREATE INDEX `product_hidden_at` ON `products` (`hidden_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

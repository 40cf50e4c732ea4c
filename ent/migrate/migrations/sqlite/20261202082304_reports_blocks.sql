-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Add column "hidden_at" to table: "buy_requests"
ALTER TABLE `buy_requests` ADD COLUMN `hidden_at` datetime NULL;
-- Add column "hidden_at" to table: "messages"
ALTER TABLE `messages` ADD COLUMN `hidden_at` datetime NULL;
-- Create "new_products" table
CREATE TABLE `new_products` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `sku` text NULL, `name_indonesian` text NOT NULL, `name_english` text NOT NULL, `description_indonesian` text NULL, `description_english` text NULL, `hs_code` text NOT NULL, `hs_chapter` text NOT NULL, `species` text NULL, `material` text NULL, `form` text NOT NULL, `unit` text NOT NULL, `moq` real NULL, `capacity_amount` real NOT NULL, `capacity_unit` text NOT NULL, `capacity_period` text NOT NULL, `capacity_monthly` real NOT NULL, `capacity_dimension` text NOT NULL, `price_min` integer NULL, `price_max` integer NULL, `price_per_base` real NULL, `price_dimension` text NULL, `price_currency` text NULL, `incoterm` text NULL, `lead_time_days` integer NULL, `shelf_life_days` integer NULL, `pack_size` real NULL, `pack_unit` text NULL, `packaging` text NULL, `container_load_20ft` real NULL, `container_load_40ft` real NULL, `container_load_unit` text NULL, `hidden_at` datetime NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `excluded_countries` json NULL, `producer_id` integer NOT NULL, CONSTRAINT `products_producers_products` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_products" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_products", 42949672960);
-- Copy rows from old table "products" to new temporary table "new_products"
INSERT INTO `new_products` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `sku`, `name_indonesian`, `name_english`, `description_indonesian`, `description_english`, `hs_code`, `hs_chapter`, `species`, `material`, `form`, `unit`, `moq`, `capacity_amount`, `capacity_unit`, `capacity_period`, `capacity_monthly`, `capacity_dimension`, `price_min`, `price_max`, `price_per_base`, `price_dimension`, `price_currency`, `incoterm`, `lead_time_days`, `shelf_life_days`, `pack_size`, `pack_unit`, `packaging`, `container_load_20ft`, `container_load_40ft`, `container_load_unit`, `status`, `excluded_countries`, `producer_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `sku`, `name_indonesian`, `name_english`, `description_indonesian`, `description_english`, `hs_code`, `hs_chapter`, `species`, `material`, `form`, `unit`, `moq`, `capacity_amount`, `capacity_unit`, `capacity_period`, `capacity_monthly`, `capacity_dimension`, `price_min`, `price_max`, `price_per_base`, `price_dimension`, `price_currency`, `incoterm`, `lead_time_days`, `shelf_life_days`, `pack_size`, `pack_unit`, `packaging`, `container_load_20ft`, `container_load_40ft`, `container_load_unit`, `status`, `excluded_countries`, `producer_id` FROM `products`;
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
-- Add column "note" to table: "notifications"
ALTER TABLE `notifications` ADD COLUMN `note` text NULL;
-- Create "firm_blocks" table
CREATE TABLE `firm_blocks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `by` text NOT NULL, `created_by` integer NULL, `created_at` datetime NOT NULL, `producer_id` integer NOT NULL, `buyer_id` integer NOT NULL, CONSTRAINT `firm_blocks_producers_producer` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `firm_blocks_buyers_buyer` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE NO ACTION);
-- Set sequence for "firm_blocks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("firm_blocks", 133143986176);
-- Create index "firmblock_producer_id_buyer_id_by" to table: "firm_blocks"
CREATE UNIQUE INDEX `firmblock_producer_id_buyer_id_by` ON `firm_blocks` (`producer_id`, `buyer_id`, `by`);
-- Create index "firmblock_buyer_id_producer_id" to table: "firm_blocks"
CREATE INDEX `firmblock_buyer_id_producer_id` ON `firm_blocks` (`buyer_id`, `producer_id`);
-- Create "reports" table
CREATE TABLE `reports` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `subject` text NOT NULL, `subject_id` integer NOT NULL, `reason` text NOT NULL, `note` text NULL, `status` text NOT NULL DEFAULT ('OPEN'), `open_slot` integer NULL, `action` text NULL, `resolution_note` text NULL, `resolved_by` text NULL, `resolved_at` datetime NULL, `created_at` datetime NOT NULL, `reporter_id` integer NOT NULL, `product_id` integer NULL, `buy_request_id` integer NULL, `message_id` integer NULL, `producer_id` integer NULL, `buyer_id` integer NULL, CONSTRAINT `reports_accounts_reporter` FOREIGN KEY (`reporter_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `reports_products_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_buy_requests_buy_request` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_messages_message` FOREIGN KEY (`message_id`) REFERENCES `messages` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_producers_producer` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_buyers_buyer` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE SET NULL);
-- Set sequence for "reports" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("reports", 137438953472);
-- Create index "report_one_open_per_reporter" to table: "reports"
CREATE UNIQUE INDEX `report_one_open_per_reporter` ON `reports` (`reporter_id`, `subject_id`, `open_slot`);
-- Create index "report_status_created_at" to table: "reports"
CREATE INDEX `report_status_created_at` ON `reports` (`status`, `created_at`);
-- Create index "report_reporter_id_created_at" to table: "reports"
CREATE INDEX `report_reporter_id_created_at` ON `reports` (`reporter_id`, `created_at`);
-- Create index "report_subject_id_status" to table: "reports"
CREATE INDEX `report_subject_id_status` ON `reports` (`subject_id`, `status`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- Create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `password_hash` text NOT NULL, `display_name` text NOT NULL, `role` text NOT NULL, `disabled` bool NOT NULL DEFAULT (false), `buyer_id` integer NULL, `producer_id` integer NULL, CONSTRAINT `accounts_buyers_members` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE SET NULL, CONSTRAINT `accounts_producers_members` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL);
-- Create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key` ON `accounts` (`email`);
-- Create "buy_requests" table
CREATE TABLE `buy_requests` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `title` text NOT NULL, `hs_codes` json NULL, `query` text NULL, `quantity_amount` real NOT NULL, `quantity_unit` text NOT NULL, `quantity_per` text NOT NULL DEFAULT ('MONTH'), `destination_country` text NOT NULL, `destination_port` text NULL, `incoterm` text NULL, `max_price_amount` integer NULL, `max_price_currency` text NULL, `required_certifications` json NULL, `deliver_by` datetime NULL, `valid_until` datetime NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `buyer_id` integer NOT NULL, CONSTRAINT `buy_requests_buyers_buy_requests` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE NO ACTION);
-- Set sequence for "buy_requests" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("buy_requests", 4294967296);
-- Create index "buyrequest_status_valid_until" to table: "buy_requests"
CREATE INDEX `buyrequest_status_valid_until` ON `buy_requests` (`status`, `valid_until`);
-- Create index "buyrequest_buyer_id" to table: "buy_requests"
CREATE INDEX `buyrequest_buyer_id` ON `buy_requests` (`buyer_id`);
-- Create "buyers" table
CREATE TABLE `buyers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `company` text NOT NULL, `country` text NOT NULL, `city` text NULL, `type` text NOT NULL, `description` text NULL, `website` text NULL, `contact_name` text NULL, `contact_email` text NULL, `contact_phone` text NULL, `verified` bool NOT NULL DEFAULT (false));
-- Set sequence for "buyers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("buyers", 8589934592);
-- Create index "buyer_country" to table: "buyers"
CREATE INDEX `buyer_country` ON `buyers` (`country`);
-- Create "certifications" table
CREATE TABLE `certifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `type` text NOT NULL, `number` text NULL, `issuer` text NULL, `valid_from` datetime NOT NULL, `valid_until` datetime NOT NULL, `producer_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `certifications_producers_certifications` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `certifications_products_certifications` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL);
-- Set sequence for "certifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("certifications", 12884901888);
-- Create index "certification_producer_id_type" to table: "certifications"
CREATE INDEX `certification_producer_id_type` ON `certifications` (`producer_id`, `type`);
-- Create index "certification_product_id" to table: "certifications"
CREATE INDEX `certification_product_id` ON `certifications` (`product_id`);
-- Create "export_records" table
CREATE TABLE `export_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `destination_country` text NOT NULL, `destination_port` text NULL, `hs_code` text NOT NULL, `hs_chapter` text NOT NULL, `quantity_kg` real NOT NULL, `value` integer NOT NULL, `currency` text NOT NULL, `shipped_on` datetime NOT NULL, `year` integer NOT NULL, `producer_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `export_records_producers_export_records` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `export_records_products_export_records` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL);
-- Set sequence for "export_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("export_records", 17179869184);
-- Create index "exportrecord_producer_id_hs_chapter_destination_country" to table: "export_records"
CREATE INDEX `exportrecord_producer_id_hs_chapter_destination_country` ON `export_records` (`producer_id`, `hs_chapter`, `destination_country`);
-- Create index "exportrecord_destination_country_hs_chapter_year" to table: "export_records"
CREATE INDEX `exportrecord_destination_country_hs_chapter_year` ON `export_records` (`destination_country`, `hs_chapter`, `year`);
-- Create "fx_rates" table
CREATE TABLE `fx_rates` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `currency` text NOT NULL, `units_per_usd` integer NOT NULL, `as_of` datetime NOT NULL);
-- Set sequence for "fx_rates" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("fx_rates", 21474836480);
-- Create index "fx_rates_currency_key" to table: "fx_rates"
CREATE UNIQUE INDEX `fx_rates_currency_key` ON `fx_rates` (`currency`);
-- Create "inquiries" table
CREATE TABLE `inquiries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `subject` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `buy_request_id` integer NULL, `buyer_id` integer NOT NULL, `producer_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `inquiries_buy_requests_inquiries` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `inquiries_buyers_inquiries` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE NO ACTION, CONSTRAINT `inquiries_producers_inquiries` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `inquiries_products_inquiries` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL);
-- Set sequence for "inquiries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("inquiries", 25769803776);
-- Create index "inquiry_buyer_id" to table: "inquiries"
CREATE INDEX `inquiry_buyer_id` ON `inquiries` (`buyer_id`);
-- Create index "inquiry_producer_id" to table: "inquiries"
CREATE INDEX `inquiry_producer_id` ON `inquiries` (`producer_id`);
-- Create "market_rules" table
CREATE TABLE `market_rules` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `destination` text NOT NULL, `hs_chapter` text NOT NULL, `hs_prefix` text NULL DEFAULT (''), `required_certifications` json NULL, `documents` json NULL, `origin_form` text NULL, `notes` text NULL, `source` text NULL);
-- Set sequence for "market_rules" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("market_rules", 30064771072);
-- Create index "marketrule_destination_hs_chapter_hs_prefix" to table: "market_rules"
CREATE UNIQUE INDEX `marketrule_destination_hs_chapter_hs_prefix` ON `market_rules` (`destination`, `hs_chapter`, `hs_prefix`);
-- Create "messages" table
CREATE TABLE `messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `sender` text NOT NULL, `body` text NOT NULL, `inquiry_id` integer NOT NULL, CONSTRAINT `messages_inquiries_messages` FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries` (`id`) ON DELETE NO ACTION);
-- Set sequence for "messages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("messages", 34359738368);
-- Create index "message_inquiry_id_created_at" to table: "messages"
CREATE INDEX `message_inquiry_id_created_at` ON `messages` (`inquiry_id`, `created_at`);
-- Create "producers" table
CREATE TABLE `producers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `name` text NOT NULL, `legal_name` text NULL, `nib` text NULL, `district` text NOT NULL, `sector` text NOT NULL, `sectors` json NULL, `size_class` text NOT NULL, `founded_year` integer NULL, `description` text NULL, `website` text NULL, `languages` json NULL, `contact_name` text NULL, `contact_email` text NULL, `contact_phone` text NULL, `address` text NULL, `verified` bool NOT NULL DEFAULT (false), `verified_at` datetime NULL, `verified_by` text NULL);
-- Set sequence for "producers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("producers", 38654705664);
-- Create index "producers_nib_key" to table: "producers"
CREATE UNIQUE INDEX `producers_nib_key` ON `producers` (`nib`);
-- Create index "producer_district" to table: "producers"
CREATE INDEX `producer_district` ON `producers` (`district`);
-- Create index "producer_sector" to table: "producers"
CREATE INDEX `producer_sector` ON `producers` (`sector`);
-- Create "products" table
CREATE TABLE `products` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `sku` text NULL, `name_indonesian` text NOT NULL, `name_english` text NOT NULL, `description_indonesian` text NULL, `description_english` text NULL, `hs_code` text NOT NULL, `hs_chapter` text NOT NULL, `species` text NULL, `material` text NULL, `form` text NOT NULL, `unit` text NOT NULL, `moq` real NULL, `capacity_amount` real NOT NULL, `capacity_unit` text NOT NULL, `capacity_period` text NOT NULL, `capacity_monthly` real NOT NULL, `capacity_dimension` text NOT NULL, `price_min` integer NULL, `price_max` integer NULL, `price_currency` text NULL, `incoterm` text NULL, `lead_time_days` integer NULL, `shelf_life_days` integer NULL, `pack_size` real NULL, `pack_unit` text NULL, `packaging` text NULL, `container_load_20ft` real NULL, `container_load_40ft` real NULL, `container_load_unit` text NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `excluded_countries` json NULL, `producer_id` integer NOT NULL, CONSTRAINT `products_producers_products` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION);
-- Set sequence for "products" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("products", 42949672960);
-- Create index "product_producer_id_sku" to table: "products"
CREATE UNIQUE INDEX `product_producer_id_sku` ON `products` (`producer_id`, `sku`);
-- Create index "product_hs_code" to table: "products"
CREATE INDEX `product_hs_code` ON `products` (`hs_code`);
-- Create index "product_status_capacity_monthly" to table: "products"
CREATE INDEX `product_status_capacity_monthly` ON `products` (`status`, `capacity_monthly`);
-- Create index "product_status_dimension_capacity_id" to table: "products"
CREATE INDEX `product_status_dimension_capacity_id` ON `products` (`status`, `capacity_dimension`, `capacity_monthly`, `id`);
-- Create index "product_hs_chapter" to table: "products"
CREATE INDEX `product_hs_chapter` ON `products` (`hs_chapter`);
-- Create "product_terms" table
CREATE TABLE `product_terms` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `term` text NOT NULL, `product_id` integer NOT NULL, CONSTRAINT `product_terms_products_terms` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE NO ACTION);
-- Set sequence for "product_terms" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("product_terms", 51539607552);
-- Create index "productterm_term_product_id" to table: "product_terms"
CREATE UNIQUE INDEX `productterm_term_product_id` ON `product_terms` (`term`, `product_id`);
-- Create index "productterm_product_id" to table: "product_terms"
CREATE INDEX `productterm_product_id` ON `product_terms` (`product_id`);
-- Create "quotes" table
CREATE TABLE `quotes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `price` integer NOT NULL, `currency` text NOT NULL, `price_unit` text NOT NULL, `quantity_amount` real NOT NULL, `quantity_unit` text NOT NULL, `quantity_per` text NOT NULL DEFAULT ('SHIPMENT'), `incoterm` text NOT NULL, `valid_until` datetime NOT NULL, `note` text NULL, `status` text NOT NULL DEFAULT ('PENDING'), `decided_at` datetime NULL, `inquiry_id` integer NOT NULL, CONSTRAINT `quotes_inquiries_quotes` FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries` (`id`) ON DELETE NO ACTION);
-- Set sequence for "quotes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("quotes", 47244640256);
-- Create index "quote_inquiry_id_status" to table: "quotes"
CREATE INDEX `quote_inquiry_id_status` ON `quotes` (`inquiry_id`, `status`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `account_id` integer NOT NULL, CONSTRAINT `sessions_accounts_sessions` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sessions", 55834574848);
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- Create index "session_account_id" to table: "sessions"
CREATE INDEX `session_account_id` ON `sessions` (`account_id`);

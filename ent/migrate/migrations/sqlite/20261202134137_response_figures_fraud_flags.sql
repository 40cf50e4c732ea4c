-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_buyers" table
CREATE TABLE `new_buyers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `company` text NOT NULL, `country` text NOT NULL, `city` text NULL, `type` text NOT NULL, `description` text NULL, `website` text NULL, `contact_name` text NULL, `contact_email` text NULL, `contact_phone` text NULL, `verified` bool NOT NULL DEFAULT (false), `verified_until` datetime NULL, `verified_scopes` json NULL, `response_received` integer NOT NULL DEFAULT (0), `response_replied` integer NOT NULL DEFAULT (0), `response_median_seconds` integer NULL, `response_computed_at` datetime NULL);
-- Set sequence for "new_buyers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_buyers", 8589934592);
-- Copy rows from old table "buyers" to new temporary table "new_buyers"
INSERT INTO `new_buyers` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `company`, `country`, `city`, `type`, `description`, `website`, `contact_name`, `contact_email`, `contact_phone`, `verified`, `verified_until`, `verified_scopes`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `company`, `country`, `city`, `type`, `description`, `website`, `contact_name`, `contact_email`, `contact_phone`, `verified`, `verified_until`, `verified_scopes` FROM `buyers`;
-- Drop "buyers" table after copying rows
DROP TABLE `buyers`;
-- Rename temporary table "new_buyers" to "buyers"
ALTER TABLE `new_buyers` RENAME TO `buyers`;
-- Create index "buyer_country" to table: "buyers"
CREATE INDEX `buyer_country` ON `buyers` (`country`);
-- Create "new_messages" table
CREATE TABLE `new_messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `sender` text NOT NULL, `body` text NOT NULL, `hidden_at` datetime NULL, `fraud_flags` json NULL, `fraud_flagged` bool NOT NULL DEFAULT (false), `read_at` datetime NULL, `inquiry_id` integer NOT NULL, CONSTRAINT `messages_inquiries_messages` FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_messages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_messages", 34359738368);
-- Copy rows from old table "messages" to new temporary table "new_messages"
INSERT INTO `new_messages` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `sender`, `body`, `hidden_at`, `read_at`, `inquiry_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `sender`, `body`, `hidden_at`, `read_at`, `inquiry_id` FROM `messages`;
-- Drop "messages" table after copying rows
DROP TABLE `messages`;
-- Rename temporary table "new_messages" to "messages"
ALTER TABLE `new_messages` RENAME TO `messages`;
-- Create index "message_inquiry_id_created_at" to table: "messages"
CREATE INDEX `message_inquiry_id_created_at` ON `messages` (`inquiry_id`, `created_at`);
-- Create index "message_fraud_flagged" to table: "messages"
CREATE INDEX `message_fraud_flagged` ON `messages` (`fraud_flagged`);
-- Create "new_quotes" table
CREATE TABLE `new_quotes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `price` integer NOT NULL, `currency` text NOT NULL, `price_unit` text NOT NULL, `quantity_amount` real NOT NULL, `quantity_unit` text NOT NULL, `quantity_per` text NOT NULL DEFAULT ('SHIPMENT'), `incoterm` text NOT NULL, `valid_until` datetime NOT NULL, `note` text NULL, `status` text NOT NULL DEFAULT ('PENDING'), `fraud_flags` json NULL, `fraud_flagged` bool NOT NULL DEFAULT (false), `decided_at` datetime NULL, `inquiry_id` integer NOT NULL, CONSTRAINT `quotes_inquiries_quotes` FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_quotes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_quotes", 47244640256);
-- Copy rows from old table "quotes" to new temporary table "new_quotes"
INSERT INTO `new_quotes` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `price`, `currency`, `price_unit`, `quantity_amount`, `quantity_unit`, `quantity_per`, `incoterm`, `valid_until`, `note`, `status`, `decided_at`, `inquiry_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `price`, `currency`, `price_unit`, `quantity_amount`, `quantity_unit`, `quantity_per`, `incoterm`, `valid_until`, `note`, `status`, `decided_at`, `inquiry_id` FROM `quotes`;
-- Drop "quotes" table after copying rows
DROP TABLE `quotes`;
-- Rename temporary table "new_quotes" to "quotes"
ALTER TABLE `new_quotes` RENAME TO `quotes`;
-- Create index "quote_inquiry_id_status" to table: "quotes"
CREATE INDEX `quote_inquiry_id_status` ON `quotes` (`inquiry_id`, `status`);
-- Create index "quote_fraud_flagged" to table: "quotes"
CREATE INDEX `quote_fraud_flagged` ON `quotes` (`fraud_flagged`);
-- Create "new_inquiries" table
CREATE TABLE `new_inquiries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `subject` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `buyer_unread` integer NOT NULL DEFAULT (0), `producer_unread` integer NOT NULL DEFAULT (0), `first_reply_at` datetime NULL, `first_reply_seconds` integer NULL, `buyer_reply_at` datetime NULL, `buyer_reply_seconds` integer NULL, `buy_request_id` integer NULL, `buyer_id` integer NOT NULL, `producer_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `inquiries_buy_requests_inquiries` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `inquiries_buyers_inquiries` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE NO ACTION, CONSTRAINT `inquiries_producers_inquiries` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `inquiries_products_inquiries` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_inquiries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_inquiries", 25769803776);
-- Copy rows from old table "inquiries" to new temporary table "new_inquiries"
INSERT INTO `new_inquiries` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `subject`, `status`, `buyer_unread`, `producer_unread`, `buy_request_id`, `buyer_id`, `producer_id`, `product_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `subject`, `status`, `buyer_unread`, `producer_unread`, `buy_request_id`, `buyer_id`, `producer_id`, `product_id` FROM `inquiries`;
-- Drop "inquiries" table after copying rows
DROP TABLE `inquiries`;
-- Rename temporary table "new_inquiries" to "inquiries"
ALTER TABLE `new_inquiries` RENAME TO `inquiries`;
-- Create index "inquiry_buyer_id" to table: "inquiries"
CREATE INDEX `inquiry_buyer_id` ON `inquiries` (`buyer_id`);
-- Create index "inquiry_producer_id" to table: "inquiries"
CREATE INDEX `inquiry_producer_id` ON `inquiries` (`producer_id`);
-- Create index "inquiry_created_at" to table: "inquiries"
CREATE INDEX `inquiry_created_at` ON `inquiries` (`created_at`);
-- Create index "inquiry_first_reply_at" to table: "inquiries"
CREATE INDEX `inquiry_first_reply_at` ON `inquiries` (`first_reply_at`);
-- Create "new_producers" table
CREATE TABLE `new_producers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `name` text NOT NULL, `legal_name` text NULL, `nib` text NULL, `district` text NOT NULL, `sector` text NOT NULL, `sectors` json NULL, `size_class` text NOT NULL, `founded_year` integer NULL, `description` text NULL, `website` text NULL, `languages` json NULL, `contact_name` text NULL, `contact_email` text NULL, `contact_phone` text NULL, `address` text NULL, `verified` bool NOT NULL DEFAULT (false), `verified_at` datetime NULL, `verified_by` text NULL, `verified_until` datetime NULL, `verified_scopes` json NULL, `leads_verified_buyers_only` bool NOT NULL DEFAULT (false), `response_received` integer NOT NULL DEFAULT (0), `response_replied` integer NOT NULL DEFAULT (0), `response_median_seconds` integer NULL, `response_computed_at` datetime NULL);
-- Set sequence for "new_producers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_producers", 38654705664);
-- Copy rows from old table "producers" to new temporary table "new_producers"
INSERT INTO `new_producers` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `name`, `legal_name`, `nib`, `district`, `sector`, `sectors`, `size_class`, `founded_year`, `description`, `website`, `languages`, `contact_name`, `contact_email`, `contact_phone`, `address`, `verified`, `verified_at`, `verified_by`, `verified_until`, `verified_scopes`, `leads_verified_buyers_only`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `name`, `legal_name`, `nib`, `district`, `sector`, `sectors`, `size_class`, `founded_year`, `description`, `website`, `languages`, `contact_name`, `contact_email`, `contact_phone`, `address`, `verified`, `verified_at`, `verified_by`, `verified_until`, `verified_scopes`, `leads_verified_buyers_only` FROM `producers`;
-- Drop "producers" table after copying rows
DROP TABLE `producers`;
-- Rename temporary table "new_producers" to "producers"
ALTER TABLE `new_producers` RENAME TO `producers`;
-- Create index "producers_nib_key" to table: "producers"
CREATE UNIQUE INDEX `producers_nib_key` ON `producers` (`nib`);
-- Create index "producer_district" to table: "producers"
CREATE INDEX `producer_district` ON `producers` (`district`);
-- Create index "producer_sector" to table: "producers"
CREATE INDEX `producer_sector` ON `producers` (`sector`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

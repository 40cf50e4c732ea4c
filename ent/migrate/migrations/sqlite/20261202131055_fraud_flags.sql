-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
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
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

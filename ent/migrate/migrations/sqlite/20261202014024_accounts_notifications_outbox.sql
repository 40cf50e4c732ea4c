-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_accounts" table
CREATE TABLE `new_accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `password_hash` text NOT NULL, `display_name` text NOT NULL, `role` text NOT NULL, `disabled` bool NOT NULL DEFAULT (false), `email_verified` bool NOT NULL DEFAULT (true), `language` text NOT NULL DEFAULT ('en'), `email_preferences` json NULL, `digest_sent_at` datetime NULL, `firm_role` text NULL, `buyer_id` integer NULL, `producer_id` integer NULL, CONSTRAINT `accounts_buyers_members` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE SET NULL, CONSTRAINT `accounts_producers_members` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `email`, `password_hash`, `display_name`, `role`, `disabled`, `buyer_id`, `producer_id`) SELECT `id`, `created_at`, `updated_at`, `email`, `password_hash`, `display_name`, `role`, `disabled`, `buyer_id`, `producer_id` FROM `accounts`;
-- Drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- Rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- Create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key` ON `accounts` (`email`);
-- Create "new_inquiries" table
CREATE TABLE `new_inquiries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `subject` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `buyer_unread` integer NOT NULL DEFAULT (0), `producer_unread` integer NOT NULL DEFAULT (0), `buy_request_id` integer NULL, `buyer_id` integer NOT NULL, `producer_id` integer NOT NULL, `product_id` integer NULL, CONSTRAINT `inquiries_buy_requests_inquiries` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `inquiries_buyers_inquiries` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE NO ACTION, CONSTRAINT `inquiries_producers_inquiries` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `inquiries_products_inquiries` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_inquiries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_inquiries", 25769803776);
-- Copy rows from old table "inquiries" to new temporary table "new_inquiries"
INSERT INTO `new_inquiries` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `subject`, `status`, `buy_request_id`, `buyer_id`, `producer_id`, `product_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `subject`, `status`, `buy_request_id`, `buyer_id`, `producer_id`, `product_id` FROM `inquiries`;
-- Drop "inquiries" table after copying rows
DROP TABLE `inquiries`;
-- Rename temporary table "new_inquiries" to "inquiries"
ALTER TABLE `new_inquiries` RENAME TO `inquiries`;
-- Create index "inquiry_buyer_id" to table: "inquiries"
CREATE INDEX `inquiry_buyer_id` ON `inquiries` (`buyer_id`);
-- Create index "inquiry_producer_id" to table: "inquiries"
CREATE INDEX `inquiry_producer_id` ON `inquiries` (`producer_id`);
-- Add column "read_at" to table: "messages"
ALTER TABLE `messages` ADD COLUMN `read_at` datetime NULL;
-- Create "account_tokens" table
CREATE TABLE `account_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `token_hash` text NOT NULL, `account_id` integer NULL, `email` text NOT NULL, `producer_id` integer NULL, `buyer_id` integer NULL, `firm_role` text NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL);
-- Set sequence for "account_tokens" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("account_tokens", 77309411328);
-- Create index "account_tokens_token_hash_key" to table: "account_tokens"
CREATE UNIQUE INDEX `account_tokens_token_hash_key` ON `account_tokens` (`token_hash`);
-- Create index "accounttoken_account_id_kind" to table: "account_tokens"
CREATE INDEX `accounttoken_account_id_kind` ON `account_tokens` (`account_id`, `kind`);
-- Create index "accounttoken_email_kind" to table: "account_tokens"
CREATE INDEX `accounttoken_email_kind` ON `account_tokens` (`email`, `kind`);
-- Create "notifications" table
CREATE TABLE `notifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `subject` text NOT NULL, `actor` text NULL, `created_at` datetime NOT NULL, `read_at` datetime NULL, `digest` bool NOT NULL DEFAULT (false), `account_id` integer NOT NULL, `buy_request_id` integer NULL, `inquiry_id` integer NULL, CONSTRAINT `notifications_accounts_notifications` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `notifications_buy_requests_notifications` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `notifications_inquiries_notifications` FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries` (`id`) ON DELETE SET NULL);
-- Set sequence for "notifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notifications", 81604378624);
-- Create index "notification_account_id_read_at" to table: "notifications"
CREATE INDEX `notification_account_id_read_at` ON `notifications` (`account_id`, `read_at`);
-- Create index "notification_account_id_inquiry_id_read_at" to table: "notifications"
CREATE INDEX `notification_account_id_inquiry_id_read_at` ON `notifications` (`account_id`, `inquiry_id`, `read_at`);
-- Create index "notification_digest_account_id" to table: "notifications"
CREATE INDEX `notification_digest_account_id` ON `notifications` (`digest`, `account_id`);
-- Create "outboxes" table
CREATE TABLE `outboxes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `payload` text NOT NULL, `state` text NOT NULL DEFAULT ('pending'), `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NOT NULL, `claim` text NULL, `claimed_until` datetime NULL, `last_error` text NULL, `created_at` datetime NOT NULL, `done_at` datetime NULL);
-- Set sequence for "outboxes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("outboxes", 85899345920);
-- Create index "outbox_state_next_attempt_at" to table: "outboxes"
CREATE INDEX `outbox_state_next_attempt_at` ON `outboxes` (`state`, `next_attempt_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

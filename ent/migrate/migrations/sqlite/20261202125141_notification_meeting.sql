-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_notifications" table
CREATE TABLE `new_notifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `subject` text NOT NULL, `actor` text NULL, `note` text NULL, `created_at` datetime NOT NULL, `read_at` datetime NULL, `digest` bool NOT NULL DEFAULT (false), `account_id` integer NOT NULL, `buy_request_id` integer NULL, `inquiry_id` integer NULL, `meeting_id` integer NULL, CONSTRAINT `notifications_accounts_notifications` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `notifications_buy_requests_notifications` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `notifications_inquiries_notifications` FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries` (`id`) ON DELETE SET NULL, CONSTRAINT `notifications_meetings_notifications` FOREIGN KEY (`meeting_id`) REFERENCES `meetings` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_notifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_notifications", 81604378624);
-- Copy rows from old table "notifications" to new temporary table "new_notifications"
INSERT INTO `new_notifications` (`id`, `kind`, `subject`, `actor`, `note`, `created_at`, `read_at`, `digest`, `account_id`, `buy_request_id`, `inquiry_id`) SELECT `id`, `kind`, `subject`, `actor`, `note`, `created_at`, `read_at`, `digest`, `account_id`, `buy_request_id`, `inquiry_id` FROM `notifications`;
-- Drop "notifications" table after copying rows
DROP TABLE `notifications`;
-- Rename temporary table "new_notifications" to "notifications"
ALTER TABLE `new_notifications` RENAME TO `notifications`;
-- Create index "notification_account_id_read_at" to table: "notifications"
CREATE INDEX `notification_account_id_read_at` ON `notifications` (`account_id`, `read_at`);
-- Create index "notification_account_id_inquiry_id_read_at" to table: "notifications"
CREATE INDEX `notification_account_id_inquiry_id_read_at` ON `notifications` (`account_id`, `inquiry_id`, `read_at`);
-- Create index "notification_digest_account_id" to table: "notifications"
CREATE INDEX `notification_digest_account_id` ON `notifications` (`digest`, `account_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

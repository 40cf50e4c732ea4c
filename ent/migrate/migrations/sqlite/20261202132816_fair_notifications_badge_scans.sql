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
-- Create "new_participants" table
CREATE TABLE `new_participants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `side` text NOT NULL, `account_id` integer NOT NULL, `mode` text NOT NULL DEFAULT ('ON_SITE'), `validated` bool NOT NULL DEFAULT (false), `validated_at` datetime NULL, `badge_code` text NOT NULL, `badge_consent` bool NOT NULL DEFAULT (false), `agenda_token` text NOT NULL, `created_at` datetime NOT NULL, `event_id` integer NOT NULL, `producer_id` integer NULL, `buyer_id` integer NULL, CONSTRAINT `participants_events_participants` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE NO ACTION, CONSTRAINT `participants_producers_producer` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL, CONSTRAINT `participants_buyers_buyer` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_participants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_participants", 128849018880);
-- Copy rows from old table "participants" to new temporary table "new_participants"
INSERT INTO `new_participants` (`id`, `side`, `account_id`, `mode`, `validated`, `validated_at`, `badge_code`, `agenda_token`, `created_at`, `event_id`, `producer_id`, `buyer_id`) SELECT `id`, `side`, `account_id`, `mode`, `validated`, `validated_at`, `badge_code`, `agenda_token`, `created_at`, `event_id`, `producer_id`, `buyer_id` FROM `participants`;
-- Drop "participants" table after copying rows
DROP TABLE `participants`;
-- Rename temporary table "new_participants" to "participants"
ALTER TABLE `new_participants` RENAME TO `participants`;
-- Create index "participants_badge_code_key" to table: "participants"
CREATE UNIQUE INDEX `participants_badge_code_key` ON `participants` (`badge_code`);
-- Create index "participants_agenda_token_key" to table: "participants"
CREATE UNIQUE INDEX `participants_agenda_token_key` ON `participants` (`agenda_token`);
-- Create index "participant_event_id_producer_id" to table: "participants"
CREATE UNIQUE INDEX `participant_event_id_producer_id` ON `participants` (`event_id`, `producer_id`);
-- Create index "participant_event_id_buyer_id" to table: "participants"
CREATE UNIQUE INDEX `participant_event_id_buyer_id` ON `participants` (`event_id`, `buyer_id`);
-- Create "badge_scans" table
CREATE TABLE `badge_scans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `producer_id` integer NOT NULL, `scanner_participant_id` integer NOT NULL, `scanned_participant_id` integer NOT NULL, `scanned_side` text NOT NULL, `scanned_at` datetime NOT NULL, `consented` bool NOT NULL DEFAULT (false), `firm_name` text NULL, `country` text NULL, `contact_name` text NULL, `contact_email` text NULL, `contact_phone` text NULL, `event_id` integer NOT NULL, CONSTRAINT `badge_scans_events_badge_scans` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE CASCADE);
-- Set sequence for "badge_scans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("badge_scans", 141733920768);
-- Create index "badgescan_scanner_participant_id_scanned_participant_id" to table: "badge_scans"
CREATE UNIQUE INDEX `badgescan_scanner_participant_id_scanned_participant_id` ON `badge_scans` (`scanner_participant_id`, `scanned_participant_id`);
-- Create index "badgescan_event_id_producer_id" to table: "badge_scans"
CREATE INDEX `badgescan_event_id_producer_id` ON `badge_scans` (`event_id`, `producer_id`);
-- Create index "badgescan_scanned_participant_id" to table: "badge_scans"
CREATE INDEX `badgescan_scanned_participant_id` ON `badge_scans` (`scanned_participant_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

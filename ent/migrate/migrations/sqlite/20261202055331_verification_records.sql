-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Add column "verified_until" to table: "buyers"
ALTER TABLE `buyers` ADD COLUMN `verified_until` datetime NULL;
-- Add column "verified_scopes" to table: "buyers"
ALTER TABLE `buyers` ADD COLUMN `verified_scopes` json NULL;
-- Create "new_producers" table
CREATE TABLE `new_producers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `name` text NOT NULL, `legal_name` text NULL, `nib` text NULL, `district` text NOT NULL, `sector` text NOT NULL, `sectors` json NULL, `size_class` text NOT NULL, `founded_year` integer NULL, `description` text NULL, `website` text NULL, `languages` json NULL, `contact_name` text NULL, `contact_email` text NULL, `contact_phone` text NULL, `address` text NULL, `verified` bool NOT NULL DEFAULT (false), `verified_at` datetime NULL, `verified_by` text NULL, `verified_until` datetime NULL, `verified_scopes` json NULL, `leads_verified_buyers_only` bool NOT NULL DEFAULT (false));
-- Set sequence for "new_producers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_producers", 38654705664);
-- Copy rows from old table "producers" to new temporary table "new_producers"
INSERT INTO `new_producers` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `name`, `legal_name`, `nib`, `district`, `sector`, `sectors`, `size_class`, `founded_year`, `description`, `website`, `languages`, `contact_name`, `contact_email`, `contact_phone`, `address`, `verified`, `verified_at`, `verified_by`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `name`, `legal_name`, `nib`, `district`, `sector`, `sectors`, `size_class`, `founded_year`, `description`, `website`, `languages`, `contact_name`, `contact_email`, `contact_phone`, `address`, `verified`, `verified_at`, `verified_by` FROM `producers`;
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
-- Create "verifications" table
CREATE TABLE `verifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `scopes` json NOT NULL, `verifier` text NOT NULL, `verifier_name` text NULL, `verified_on` datetime NOT NULL, `expires_at` datetime NOT NULL, `evidence` text NULL, `granted_by` text NULL, `revoked_at` datetime NULL, `revocation_reason` text NULL, `created_at` datetime NOT NULL, `buyer_id` integer NULL, `producer_id` integer NULL, CONSTRAINT `verifications_buyers_verifications` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE SET NULL, CONSTRAINT `verifications_producers_verifications` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL);
-- Set sequence for "verifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("verifications", 98784247808);
-- Create index "verification_producer_id" to table: "verifications"
CREATE INDEX `verification_producer_id` ON `verifications` (`producer_id`);
-- Create index "verification_buyer_id" to table: "verifications"
CREATE INDEX `verification_buyer_id` ON `verifications` (`buyer_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

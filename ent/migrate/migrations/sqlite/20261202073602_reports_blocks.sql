-- Add column "hidden_at" to table: "buy_requests"
ALTER TABLE `buy_requests` ADD COLUMN `hidden_at` datetime NULL;
-- Add column "hidden_at" to table: "messages"
ALTER TABLE `messages` ADD COLUMN `hidden_at` datetime NULL;
-- Add column "hidden_at" to table: "products"
ALTER TABLE `products` ADD COLUMN `hidden_at` datetime NULL;
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
CREATE TABLE `reports` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `subject` text NOT NULL, `subject_id` integer NOT NULL, `reason` text NOT NULL, `note` text NULL, `status` text NOT NULL DEFAULT ('OPEN'), `action` text NULL, `resolution_note` text NULL, `resolved_by` text NULL, `resolved_at` datetime NULL, `created_at` datetime NOT NULL, `reporter_id` integer NOT NULL, `product_id` integer NULL, `buy_request_id` integer NULL, `message_id` integer NULL, `producer_id` integer NULL, `buyer_id` integer NULL, CONSTRAINT `reports_accounts_reporter` FOREIGN KEY (`reporter_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `reports_products_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_buy_requests_buy_request` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_messages_message` FOREIGN KEY (`message_id`) REFERENCES `messages` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_producers_producer` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL, CONSTRAINT `reports_buyers_buyer` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE SET NULL);
-- Set sequence for "reports" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("reports", 137438953472);
-- Create index "report_one_open_per_reporter" to table: "reports"
CREATE UNIQUE INDEX `report_one_open_per_reporter` ON `reports` (`reporter_id`, `subject_id`) WHERE status = 'OPEN';
-- Create index "report_status_created_at" to table: "reports"
CREATE INDEX `report_status_created_at` ON `reports` (`status`, `created_at`);
-- Create index "report_reporter_id_created_at" to table: "reports"
CREATE INDEX `report_reporter_id_created_at` ON `reports` (`reporter_id`, `created_at`);
-- Create index "report_subject_id_status" to table: "reports"
CREATE INDEX `report_subject_id_status` ON `reports` (`subject_id`, `status`);

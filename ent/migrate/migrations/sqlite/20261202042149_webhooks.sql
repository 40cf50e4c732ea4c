-- Create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_id` text NOT NULL, `kind` text NOT NULL, `payload` text NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `last_status` integer NULL, `last_error` text NULL, `last_attempt_at` datetime NULL, `created_at` datetime NOT NULL, `delivered_at` datetime NULL, `endpoint_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhook_endpoints_deliveries` FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints` (`id`) ON DELETE NO ACTION);
-- Set sequence for "webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_deliveries", 90194313216);
-- Create index "webhook_deliveries_event_id_key" to table: "webhook_deliveries"
CREATE UNIQUE INDEX `webhook_deliveries_event_id_key` ON `webhook_deliveries` (`event_id`);
-- Create index "webhookdelivery_endpoint_id_state" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_endpoint_id_state` ON `webhook_deliveries` (`endpoint_id`, `state`);
-- Create "webhook_endpoints" table
CREATE TABLE `webhook_endpoints` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `scope` text NOT NULL, `account_id` integer NOT NULL, `producer_id` integer NULL, `buyer_id` integer NULL, `url` text NOT NULL, `description` text NULL, `kinds` json NULL, `secret` text NOT NULL, `previous_secret` text NULL, `previous_secret_until` datetime NULL, `disabled` bool NOT NULL DEFAULT (false), `disabled_at` datetime NULL, `disabled_reason` text NULL, `consecutive_failures` integer NOT NULL DEFAULT (0), `retry_at` datetime NULL, `claim` text NULL, `claimed_until` datetime NULL, `created_at` datetime NOT NULL);
-- Set sequence for "webhook_endpoints" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_endpoints", 94489280512);
-- Create index "webhookendpoint_account_id" to table: "webhook_endpoints"
CREATE INDEX `webhookendpoint_account_id` ON `webhook_endpoints` (`account_id`);
-- Create index "webhookendpoint_producer_id" to table: "webhook_endpoints"
CREATE INDEX `webhookendpoint_producer_id` ON `webhook_endpoints` (`producer_id`);
-- Create index "webhookendpoint_buyer_id" to table: "webhook_endpoints"
CREATE INDEX `webhookendpoint_buyer_id` ON `webhook_endpoints` (`buyer_id`);

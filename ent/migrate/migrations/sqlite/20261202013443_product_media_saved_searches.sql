-- Create "media" table
CREATE TABLE `media` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` integer NULL, `updated_by` integer NULL, `position` integer NOT NULL DEFAULT (0), `alt` text NULL, `hash` text NOT NULL, `format` text NOT NULL, `width` integer NOT NULL, `height` integer NOT NULL, `bytes` integer NOT NULL, `producer_id` integer NOT NULL, `logo_of_id` integer NULL, `product_id` integer NULL, CONSTRAINT `media_producers_media` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `media_producers_logo` FOREIGN KEY (`logo_of_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL, CONSTRAINT `media_products_media` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL);
-- Set sequence for "media" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("media", 60129542144);
-- Create index "media_logo_of_id_key" to table: "media"
CREATE UNIQUE INDEX `media_logo_of_id_key` ON `media` (`logo_of_id`);
-- Create index "media_product_id_position" to table: "media"
CREATE INDEX `media_product_id_position` ON `media` (`product_id`, `position`);
-- Create index "media_producer_id" to table: "media"
CREATE INDEX `media_producer_id` ON `media` (`producer_id`);
-- Create index "media_hash" to table: "media"
CREATE INDEX `media_hash` ON `media` (`hash`);
-- Create "saved_searches" table
CREATE TABLE `saved_searches` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `account_id` integer NOT NULL, `name` text NOT NULL, `query` text NULL, `hs_codes` json NULL, `forms` json NULL, `districts` json NULL, `verified_only` bool NOT NULL DEFAULT (false), `new_since` integer NOT NULL DEFAULT (0), `seen_at` datetime NOT NULL, `created_at` datetime NOT NULL);
-- Set sequence for "saved_searches" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("saved_searches", 64424509440);
-- Create index "savedsearch_account_id" to table: "saved_searches"
CREATE INDEX `savedsearch_account_id` ON `saved_searches` (`account_id`);
-- Create "saved_search_hits" table
CREATE TABLE `saved_search_hits` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `product_id` integer NOT NULL, `created_at` datetime NOT NULL, `saved_search_id` integer NOT NULL, CONSTRAINT `saved_search_hits_saved_searches_hits` FOREIGN KEY (`saved_search_id`) REFERENCES `saved_searches` (`id`) ON DELETE CASCADE);
-- Set sequence for "saved_search_hits" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("saved_search_hits", 68719476736);
-- Create index "savedsearchhit_saved_search_id_product_id" to table: "saved_search_hits"
CREATE UNIQUE INDEX `savedsearchhit_saved_search_id_product_id` ON `saved_search_hits` (`saved_search_id`, `product_id`);
-- Create "saved_search_keys" table
CREATE TABLE `saved_search_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `saved_search_id` integer NOT NULL, CONSTRAINT `saved_search_keys_saved_searches_keys` FOREIGN KEY (`saved_search_id`) REFERENCES `saved_searches` (`id`) ON DELETE CASCADE);
-- Set sequence for "saved_search_keys" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("saved_search_keys", 73014444032);
-- Create index "savedsearchkey_key_saved_search_id" to table: "saved_search_keys"
CREATE UNIQUE INDEX `savedsearchkey_key_saved_search_id` ON `saved_search_keys` (`key`, `saved_search_id`);
-- Create index "savedsearchkey_saved_search_id" to table: "saved_search_keys"
CREATE INDEX `savedsearchkey_saved_search_id` ON `saved_search_keys` (`saved_search_id`);

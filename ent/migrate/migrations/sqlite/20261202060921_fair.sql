-- Create "availability_blocks" table
CREATE TABLE `availability_blocks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `participant_id` integer NOT NULL, CONSTRAINT `availability_blocks_participants_blocks` FOREIGN KEY (`participant_id`) REFERENCES `participants` (`id`) ON DELETE CASCADE);
-- Set sequence for "availability_blocks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("availability_blocks", 103079215104);
-- Create "booths" table
CREATE TABLE `booths` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `number` text NOT NULL, `hall` text NULL, `size` text NULL, `category` text NOT NULL, `organisation` text NULL, `pitch_english` text NULL, `pitch_indonesian` text NULL, `producer_id` integer NULL, `event_id` integer NOT NULL, CONSTRAINT `booths_producers_producer` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL, CONSTRAINT `booths_events_booths` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE NO ACTION);
-- Set sequence for "booths" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("booths", 107374182400);
-- Create index "booth_event_id_number" to table: "booths"
CREATE UNIQUE INDEX `booth_event_id_number` ON `booths` (`event_id`, `number`);
-- Create index "booth_producer_id" to table: "booths"
CREATE INDEX `booth_producer_id` ON `booths` (`producer_id`);
-- Create "events" table
CREATE TABLE `events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `venue` text NOT NULL, `time_zone` text NOT NULL DEFAULT ('Asia/Jakarta'), `first_day` text NOT NULL, `last_day` text NOT NULL, `sessions` json NOT NULL, `meeting_minutes` integer NOT NULL DEFAULT (30), `buffer_minutes` integer NOT NULL DEFAULT (0), `tables` integer NOT NULL DEFAULT (0), `max_pending_requests` integer NOT NULL DEFAULT (20), `registration_opens` datetime NULL, `registration_closes` datetime NULL, `status` text NOT NULL DEFAULT ('DRAFT'));
-- Set sequence for "events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("events", 111669149696);
-- Create "meetings" table
CREATE TABLE `meetings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `requested_by` text NOT NULL, `message` text NULL, `status` text NOT NULL DEFAULT ('REQUESTED'), `slot_start` datetime NULL, `proposed_start` datetime NULL, `table_number` integer NULL, `decline_reason` text NULL, `no_show` text NULL, `score` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL, `responded_at` datetime NULL, `event_id` integer NOT NULL, `buyer_participant_id` integer NOT NULL, `producer_participant_id` integer NOT NULL, `buyer_id` integer NOT NULL, `producer_id` integer NOT NULL, `product_id` integer NULL, `buy_request_id` integer NULL, `booth_id` integer NULL, `inquiry_id` integer NULL, CONSTRAINT `meetings_events_meetings` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE NO ACTION, CONSTRAINT `meetings_participants_buyer_participant` FOREIGN KEY (`buyer_participant_id`) REFERENCES `participants` (`id`) ON DELETE NO ACTION, CONSTRAINT `meetings_participants_producer_participant` FOREIGN KEY (`producer_participant_id`) REFERENCES `participants` (`id`) ON DELETE NO ACTION, CONSTRAINT `meetings_buyers_buyer` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE NO ACTION, CONSTRAINT `meetings_producers_producer` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE NO ACTION, CONSTRAINT `meetings_products_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE SET NULL, CONSTRAINT `meetings_buy_requests_buy_request` FOREIGN KEY (`buy_request_id`) REFERENCES `buy_requests` (`id`) ON DELETE SET NULL, CONSTRAINT `meetings_booths_booth` FOREIGN KEY (`booth_id`) REFERENCES `booths` (`id`) ON DELETE SET NULL, CONSTRAINT `meetings_inquiries_inquiry` FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries` (`id`) ON DELETE SET NULL);
-- Set sequence for "meetings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("meetings", 115964116992);
-- Create index "meeting_event_id_status" to table: "meetings"
CREATE INDEX `meeting_event_id_status` ON `meetings` (`event_id`, `status`);
-- Create index "meeting_buyer_participant_id_status" to table: "meetings"
CREATE INDEX `meeting_buyer_participant_id_status` ON `meetings` (`buyer_participant_id`, `status`);
-- Create index "meeting_producer_participant_id_status" to table: "meetings"
CREATE INDEX `meeting_producer_participant_id_status` ON `meetings` (`producer_participant_id`, `status`);
-- Create index "meeting_buyer_id" to table: "meetings"
CREATE INDEX `meeting_buyer_id` ON `meetings` (`buyer_id`);
-- Create index "meeting_producer_id" to table: "meetings"
CREATE INDEX `meeting_producer_id` ON `meetings` (`producer_id`);
-- Create "meeting_slots" table
CREATE TABLE `meeting_slots` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_id` integer NOT NULL, `slot` integer NOT NULL, `resource` text NOT NULL, `meeting_id` integer NOT NULL, CONSTRAINT `meeting_slots_meetings_slots` FOREIGN KEY (`meeting_id`) REFERENCES `meetings` (`id`) ON DELETE CASCADE);
-- Set sequence for "meeting_slots" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("meeting_slots", 120259084288);
-- Create index "meetingslot_event_id_slot_resource" to table: "meeting_slots"
CREATE UNIQUE INDEX `meetingslot_event_id_slot_resource` ON `meeting_slots` (`event_id`, `slot`, `resource`);
-- Create index "meetingslot_meeting_id" to table: "meeting_slots"
CREATE INDEX `meetingslot_meeting_id` ON `meeting_slots` (`meeting_id`);
-- Create "outcomes" table
CREATE TABLE `outcomes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `party` text NOT NULL, `buyer_id` integer NOT NULL, `producer_id` integer NOT NULL, `type` text NOT NULL, `volume_kg` real NULL, `value` integer NULL, `currency` text NULL, `destination_country` text NULL, `hs_code` text NULL, `hs_chapter` text NULL, `shipment_month` text NULL, `note` text NULL, `created_at` datetime NOT NULL, `meeting_id` integer NOT NULL, CONSTRAINT `outcomes_meetings_outcomes` FOREIGN KEY (`meeting_id`) REFERENCES `meetings` (`id`) ON DELETE CASCADE);
-- Set sequence for "outcomes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("outcomes", 124554051584);
-- Create index "outcome_meeting_id_party" to table: "outcomes"
CREATE UNIQUE INDEX `outcome_meeting_id_party` ON `outcomes` (`meeting_id`, `party`);
-- Create "participants" table
CREATE TABLE `participants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `side` text NOT NULL, `account_id` integer NOT NULL, `mode` text NOT NULL DEFAULT ('ON_SITE'), `validated` bool NOT NULL DEFAULT (false), `validated_at` datetime NULL, `badge_code` text NOT NULL, `agenda_token` text NOT NULL, `created_at` datetime NOT NULL, `event_id` integer NOT NULL, `producer_id` integer NULL, `buyer_id` integer NULL, CONSTRAINT `participants_events_participants` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE NO ACTION, CONSTRAINT `participants_producers_producer` FOREIGN KEY (`producer_id`) REFERENCES `producers` (`id`) ON DELETE SET NULL, CONSTRAINT `participants_buyers_buyer` FOREIGN KEY (`buyer_id`) REFERENCES `buyers` (`id`) ON DELETE SET NULL);
-- Set sequence for "participants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("participants", 128849018880);
-- Create index "participants_badge_code_key" to table: "participants"
CREATE UNIQUE INDEX `participants_badge_code_key` ON `participants` (`badge_code`);
-- Create index "participants_agenda_token_key" to table: "participants"
CREATE UNIQUE INDEX `participants_agenda_token_key` ON `participants` (`agenda_token`);
-- Create index "participant_event_id_producer_id" to table: "participants"
CREATE UNIQUE INDEX `participant_event_id_producer_id` ON `participants` (`event_id`, `producer_id`);
-- Create index "participant_event_id_buyer_id" to table: "participants"
CREATE UNIQUE INDEX `participant_event_id_buyer_id` ON `participants` (`event_id`, `buyer_id`);

-- Add column "need" to table: "saved_searches"
ALTER TABLE `saved_searches` ADD COLUMN `need` json NULL;

-- Modify "saved_searches" table
ALTER TABLE "saved_searches" ADD COLUMN "need" jsonb NULL;

-- Modify "messages" table
ALTER TABLE "messages" ADD COLUMN "fraud_flags" jsonb NULL, ADD COLUMN "fraud_flagged" boolean NOT NULL DEFAULT false;
-- Create index "message_fraud_flagged" to table: "messages"
CREATE INDEX "message_fraud_flagged" ON "messages" ("fraud_flagged");
-- Modify "quotes" table
ALTER TABLE "quotes" ADD COLUMN "fraud_flags" jsonb NULL, ADD COLUMN "fraud_flagged" boolean NOT NULL DEFAULT false;
-- Create index "quote_fraud_flagged" to table: "quotes"
CREATE INDEX "quote_fraud_flagged" ON "quotes" ("fraud_flagged");

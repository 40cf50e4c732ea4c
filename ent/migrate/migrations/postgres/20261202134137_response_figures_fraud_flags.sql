-- Modify "buyers" table
ALTER TABLE "buyers" ADD COLUMN "response_received" bigint NOT NULL DEFAULT 0, ADD COLUMN "response_replied" bigint NOT NULL DEFAULT 0, ADD COLUMN "response_median_seconds" bigint NULL, ADD COLUMN "response_computed_at" timestamptz NULL;
-- Modify "inquiries" table
ALTER TABLE "inquiries" ADD COLUMN "first_reply_at" timestamptz NULL, ADD COLUMN "first_reply_seconds" bigint NULL, ADD COLUMN "buyer_reply_at" timestamptz NULL, ADD COLUMN "buyer_reply_seconds" bigint NULL;
-- Create index "inquiry_created_at" to table: "inquiries"
CREATE INDEX "inquiry_created_at" ON "inquiries" ("created_at");
-- Create index "inquiry_first_reply_at" to table: "inquiries"
CREATE INDEX "inquiry_first_reply_at" ON "inquiries" ("first_reply_at");
-- Modify "messages" table
ALTER TABLE "messages" ADD COLUMN "fraud_flags" jsonb NULL, ADD COLUMN "fraud_flagged" boolean NOT NULL DEFAULT false;
-- Create index "message_fraud_flagged" to table: "messages"
CREATE INDEX "message_fraud_flagged" ON "messages" ("fraud_flagged");
-- Modify "producers" table
ALTER TABLE "producers" ADD COLUMN "response_received" bigint NOT NULL DEFAULT 0, ADD COLUMN "response_replied" bigint NOT NULL DEFAULT 0, ADD COLUMN "response_median_seconds" bigint NULL, ADD COLUMN "response_computed_at" timestamptz NULL;
-- Modify "quotes" table
ALTER TABLE "quotes" ADD COLUMN "fraud_flags" jsonb NULL, ADD COLUMN "fraud_flagged" boolean NOT NULL DEFAULT false;
-- Create index "quote_fraud_flagged" to table: "quotes"
CREATE INDEX "quote_fraud_flagged" ON "quotes" ("fraud_flagged");

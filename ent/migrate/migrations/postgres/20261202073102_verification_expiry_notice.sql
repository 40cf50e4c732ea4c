-- Modify "verifications" table
ALTER TABLE "verifications" ADD COLUMN "expiry_notice_at" timestamptz NULL;
-- Create index "verification_expires_at" to table: "verifications"
CREATE INDEX "verification_expires_at" ON "verifications" ("expires_at");

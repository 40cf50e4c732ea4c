-- Add column "expiry_notice_at" to table: "verifications"
ALTER TABLE `verifications` ADD COLUMN `expiry_notice_at` datetime NULL;
-- Create index "verification_expires_at" to table: "verifications"
CREATE INDEX `verification_expires_at` ON `verifications` (`expires_at`);

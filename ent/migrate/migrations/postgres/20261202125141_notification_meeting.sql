-- Modify "notifications" table
ALTER TABLE "notifications" ADD COLUMN "meeting_id" bigint NULL, ADD CONSTRAINT "notifications_meetings_notifications" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON DELETE SET NULL;

-- Each event keeps the JSON text of its Datadog log item, built once at ingestion, in place of
-- data, message, date and hostname, and the receivedAt index goes (pruning reads the oldest seqs).
-- Old rows get their item built here exactly as lib/delivery/items.ts itemJson builds it.

-- DropIndex
DROP INDEX "Event_receivedAt_idx";

-- AlterTable
ALTER TABLE "Event" ADD COLUMN "item" TEXT;
UPDATE "Event" SET "item" =
    '{"log_id":' || to_json("logId")::text || ',"data":' || "data" || ',"ddsource":"auth0","service":"auth0","message":' || to_json("message")::text
        || CASE WHEN "date" IS NULL THEN '' ELSE ',"date":' || to_json("date")::text END
        || CASE WHEN "hostname" IS NULL THEN '' ELSE ',"hostname":' || to_json("hostname")::text END
        || '}';
ALTER TABLE "Event" ALTER COLUMN "item" SET NOT NULL,
    DROP COLUMN "data",
    DROP COLUMN "message",
    DROP COLUMN "date",
    DROP COLUMN "hostname";

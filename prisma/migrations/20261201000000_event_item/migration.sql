-- Each event keeps the JSON text of its Datadog log item, built once at ingestion, in place of
-- data, message, date and hostname, and the receivedAt index goes (pruning reads the oldest seqs).
-- Old rows get their item built here exactly as lib/delivery/items.ts itemJson builds it.

-- RedefineTables (hand-edited like the init migration: seq stays SQLite's AUTOINCREMENT rowid,
-- and its sequence is carried over, so that no seq is ever handed out twice)
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "logId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Event" ("seq", "logId", "type", "item", "receivedAt")
SELECT "seq", "logId", "type",
    '{"log_id":' || json_quote("logId") || ',"data":' || "data" || ',"ddsource":"auth0","service":"auth0","message":' || json_quote("message")
        || CASE WHEN "date" IS NULL THEN '' ELSE ',"date":' || json_quote("date") END
        || CASE WHEN "hostname" IS NULL THEN '' ELSE ',"hostname":' || json_quote("hostname") END
        || '}',
    "receivedAt"
FROM "Event";
DELETE FROM "sqlite_sequence" WHERE "name" = 'new_Event';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'new_Event', "seq" FROM "sqlite_sequence" WHERE "name" = 'Event';
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_logId_key" ON "Event"("logId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

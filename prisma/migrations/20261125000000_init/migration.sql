-- CreateTable
CREATE TABLE "LogStream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "statusChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isPriority" BOOLEAN NOT NULL DEFAULT false,
    "filters" JSONB NOT NULL,
    "piiConfig" JSONB,
    "region" TEXT NOT NULL,
    "apiKeyEncrypted" TEXT NOT NULL,
    "apiKeyLast4" TEXT NOT NULL,
    "startFrom" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "cursor" BIGINT NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "lastDeliveredAt" DATETIME,
    "failingSince" DATETIME
);

-- CreateTable
CREATE TABLE "Event" (
    -- Hand-edited: Prisma emits no AUTOINCREMENT for a BigInt id on SQLite; INTEGER PRIMARY KEY is SQLite's 64-bit rowid.
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "logId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "date" TEXT,
    "hostname" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DeliveryFailure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "streamId" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL,
    "statusCode" INTEGER,
    "error" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "firstLogId" TEXT NOT NULL,
    "lastLogId" TEXT NOT NULL,
    "eventSeqs" TEXT NOT NULL,
    "replayedAt" DATETIME,
    "replayResult" TEXT,
    "replayError" TEXT,
    CONSTRAINT "DeliveryFailure_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "LogStream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StreamMinuteStat" (
    "streamId" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("streamId", "minute"),
    CONSTRAINT "StreamMinuteStat_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "LogStream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AdminSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "LogStream_name_key" ON "LogStream"("name");

-- CreateIndex
CREATE INDEX "LogStream_status_leaseExpiresAt_idx" ON "LogStream"("status", "leaseExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Event_logId_key" ON "Event"("logId");

-- CreateIndex
CREATE INDEX "Event_receivedAt_idx" ON "Event"("receivedAt");

-- CreateIndex
CREATE INDEX "DeliveryFailure_streamId_occurredAt_idx" ON "DeliveryFailure"("streamId", "occurredAt");


-- CreateTable
CREATE TABLE "LogStream" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isPriority" BOOLEAN NOT NULL DEFAULT false,
    "filters" JSONB NOT NULL,
    "piiConfig" JSONB,
    "region" TEXT NOT NULL,
    "apiKeyEncrypted" TEXT NOT NULL,
    "apiKeyLast4" TEXT NOT NULL,
    "startFrom" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "cursor" BIGINT NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastDeliveredAt" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),

    CONSTRAINT "LogStream_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" BIGSERIAL NOT NULL,
    "logId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "date" TEXT,
    "hostname" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "DeliveryFailure" (
    "id" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL,
    "statusCode" INTEGER,
    "error" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "firstLogId" TEXT NOT NULL,
    "lastLogId" TEXT NOT NULL,
    "eventSeqs" TEXT NOT NULL,
    "replayedAt" TIMESTAMP(3),
    "replayResult" TEXT,
    "replayError" TEXT,

    CONSTRAINT "DeliveryFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StreamMinuteStat" (
    "streamId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StreamMinuteStat_pkey" PRIMARY KEY ("streamId","minute")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AdminSession" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminSession_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "DeliveryFailure" ADD CONSTRAINT "DeliveryFailure_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "LogStream"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StreamMinuteStat" ADD CONSTRAINT "StreamMinuteStat_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "LogStream"("id") ON DELETE CASCADE ON UPDATE CASCADE;


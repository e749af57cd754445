-- AlterTable
ALTER TABLE "DeliveryFailure" ADD COLUMN     "replayStartedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "dateMs" BIGINT;

-- AlterTable
ALTER TABLE "StreamMinuteStat" ADD COLUMN     "delayed" INTEGER NOT NULL DEFAULT 0;

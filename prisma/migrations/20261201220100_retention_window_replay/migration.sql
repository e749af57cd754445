-- Events stored before this migration have no dateMs: delivery then reads the date from the item.

-- AlterTable
ALTER TABLE "Event" ADD COLUMN "dateMs" BIGINT;

-- AlterTable
ALTER TABLE "DeliveryFailure" ADD COLUMN "replayStartedAt" DATETIME;

-- AlterTable (an added column rather than the table rebuild Prisma generates: the same schema, no copy)
ALTER TABLE "StreamMinuteStat" ADD COLUMN "delayed" INTEGER NOT NULL DEFAULT 0;

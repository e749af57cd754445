-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN "skippedAt" DATETIME;
ALTER TABLE "LogStream" ADD COLUMN "skippedCount" INTEGER;


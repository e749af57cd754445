-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN     "skippedAt" TIMESTAMP(3),
ADD COLUMN     "skippedCount" INTEGER;


-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN "keyAcceptedAt" DATETIME;
ALTER TABLE "LogStream" ADD COLUMN "keyCheckAt" DATETIME;


-- A stream's delivery can be held back (an undecryptable key, an unexpected error) with a reason and a retry time

-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN "heldReason" TEXT;
ALTER TABLE "LogStream" ADD COLUMN "heldSince" DATETIME;
ALTER TABLE "LogStream" ADD COLUMN "heldUntil" DATETIME;


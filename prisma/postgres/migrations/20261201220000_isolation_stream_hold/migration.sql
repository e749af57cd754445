-- A stream's delivery can be held back (an undecryptable key, an unexpected error) with a reason and a retry time

-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN     "heldReason" TEXT,
ADD COLUMN     "heldSince" TIMESTAMP(3),
ADD COLUMN     "heldUntil" TIMESTAMP(3);


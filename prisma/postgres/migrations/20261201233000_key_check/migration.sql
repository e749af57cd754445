-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN     "keyAcceptedAt" TIMESTAMP(3),
ADD COLUMN     "keyCheckAt" TIMESTAMP(3);


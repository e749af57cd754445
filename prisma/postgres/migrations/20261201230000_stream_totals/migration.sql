-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN     "deliveredTotal" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "failedTotal" BIGINT NOT NULL DEFAULT 0;


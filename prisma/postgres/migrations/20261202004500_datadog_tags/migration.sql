-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN     "datadogTags" TEXT;


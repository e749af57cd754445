-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN "sinkConfig" TEXT;
ALTER TABLE "LogStream" ADD COLUMN "sinkSecretsEncrypted" TEXT;


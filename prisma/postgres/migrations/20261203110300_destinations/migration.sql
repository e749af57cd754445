-- AlterTable
ALTER TABLE "LogStream" ADD COLUMN     "sinkConfig" TEXT,
ADD COLUMN     "sinkSecretsEncrypted" TEXT;


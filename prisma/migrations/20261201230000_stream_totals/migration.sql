-- Hand-edited: ADD COLUMN instead of Prisma's table redefinition, so that a migration adding other LogStream columns before this one keeps them
ALTER TABLE "LogStream" ADD COLUMN "deliveredTotal" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "LogStream" ADD COLUMN "failedTotal" BIGINT NOT NULL DEFAULT 0;

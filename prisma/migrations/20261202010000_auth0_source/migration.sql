-- CreateTable
CREATE TABLE "Auth0Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT,
    "clientId" TEXT,
    "clientSecretEncrypted" TEXT,
    "checkpoint" TEXT,
    "checkpointBase" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "lastPollAt" DATETIME,
    "logsPulled" BIGINT NOT NULL DEFAULT 0,
    "lagSeconds" INTEGER,
    "lastError" TEXT,
    "lastErrorAt" DATETIME
);


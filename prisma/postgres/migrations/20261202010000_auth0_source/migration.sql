-- CreateTable
CREATE TABLE "Auth0Source" (
    "id" TEXT NOT NULL,
    "domain" TEXT,
    "clientId" TEXT,
    "clientSecretEncrypted" TEXT,
    "checkpoint" TEXT,
    "checkpointBase" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastPollAt" TIMESTAMP(3),
    "logsPulled" BIGINT NOT NULL DEFAULT 0,
    "lagSeconds" INTEGER,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),

    CONSTRAINT "Auth0Source_pkey" PRIMARY KEY ("id")
);


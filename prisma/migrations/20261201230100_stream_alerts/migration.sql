-- CreateTable
CREATE TABLE "StreamAlertState" (
    "streamId" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "suspendedAt" DATETIME,
    "failingAt" DATETIME,
    "recoveredAt" DATETIME,
    CONSTRAINT "StreamAlertState_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "LogStream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


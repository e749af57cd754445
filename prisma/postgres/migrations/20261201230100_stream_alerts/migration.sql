-- CreateTable
CREATE TABLE "StreamAlertState" (
    "streamId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "suspendedAt" TIMESTAMP(3),
    "failingAt" TIMESTAMP(3),
    "recoveredAt" TIMESTAMP(3),

    CONSTRAINT "StreamAlertState_pkey" PRIMARY KEY ("streamId")
);

-- AddForeignKey
ALTER TABLE "StreamAlertState" ADD CONSTRAINT "StreamAlertState_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "LogStream"("id") ON DELETE CASCADE ON UPDATE CASCADE;


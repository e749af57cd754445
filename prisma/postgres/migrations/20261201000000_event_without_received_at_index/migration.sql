-- DropIndex
DROP INDEX "Event_receivedAt_idx";


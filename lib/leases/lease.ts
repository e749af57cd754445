import os from "node:os";
import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { takeOverExpiredLease } from "@/lib/operator-log";

// The lease statements, like the dispatcher's due-streams query, are raw SQL that reads the same on
// SQLite and PostgreSQL: they run around every burst of deliveries, and Prisma's query building
// cost each ~0.4 ms of the event loop, against ~0.07 for the raw statement.

export class LeaseLostError extends Error {
  constructor() {
    super("The stream's lease was taken by another worker");
    this.name = "LeaseLostError";
  }
}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

/**
 * Takes the stream's lease when it is free or expired: conditional UPDATEs, atomic on SQLite
 * and PostgreSQL alike, so two workers (or two passes of one) can never both succeed.
 */
export async function claimLease(streamId: string, workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const count = await db().$executeRaw`
    UPDATE "LogStream" SET "leaseOwner" = ${workerId}, "leaseExpiresAt" = ${new Date(now.getTime() + ttlMs)}
    WHERE "id" = ${streamId} AND "status" = 'active' AND "leaseOwner" IS NULL`;
  return count === 1 || takeOverExpiredLease(streamId, workerId, now, ttlMs);
}

/** Extends our lease; false when another worker has taken it (or the stream is gone). */
export async function renewLease(streamId: string, workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const count = await db().$executeRaw`
    UPDATE "LogStream" SET "leaseExpiresAt" = ${new Date(now.getTime() + ttlMs)} WHERE "id" = ${streamId} AND "leaseOwner" = ${workerId}`;
  return count === 1;
}

/** Gives the lease back; `endsHold` also clears a hold (see hold.ts), once a pass went through. */
export async function releaseLease(streamId: string, workerId: string, endsHold = false): Promise<void> {
  if (endsHold) {
    await db().$executeRaw`
      UPDATE "LogStream" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "heldReason" = NULL, "heldSince" = NULL, "heldUntil" = NULL
      WHERE "id" = ${streamId} AND "leaseOwner" = ${workerId}`;
    return;
  }
  await db().$executeRaw`UPDATE "LogStream" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "id" = ${streamId} AND "leaseOwner" = ${workerId}`;
}

/** Streams that are active, not held (see hold.ts), not leased by another worker (or whose lease expired), and have events after their cursor; prioritized ones first. */
export async function dueStreamIds(now: Date): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "LogStream"
    WHERE "status" = 'active' AND "cursor" < (SELECT MAX("seq") FROM "Event") AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < ${now})
      AND ("heldUntil" IS NULL OR "heldUntil" <= ${now})
    ORDER BY "isPriority" DESC, "lastDeliveredAt" ASC NULLS FIRST`;
  return rows.map((row) => row.id);
}

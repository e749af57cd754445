import os from "node:os";
import crypto from "node:crypto";
import { db } from "@/lib/db/client";


export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

/**
 * Takes the stream's lease when it is free or expired: one conditional UPDATE, atomic on SQLite
 * and PostgreSQL alike, so two workers (or two passes of one) can never both succeed.
 */
export async function claimLease(streamId: string, workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const { count } = await db().logStream.updateMany({
    where: {
      id: streamId,
      status: "active",
      OR: [{ leaseOwner: null }, { leaseExpiresAt: { lt: now } }],
    },
    data: { leaseOwner: workerId, leaseExpiresAt: new Date(now.getTime() + ttlMs) },
  });
  return count === 1;
}

/** Extends our lease; false when another worker has taken it (or the stream is gone). */
export async function renewLease(streamId: string, workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const { count } = await db().logStream.updateMany({
    where: { id: streamId, leaseOwner: workerId },
    data: { leaseExpiresAt: new Date(now.getTime() + ttlMs) },
  });
  return count === 1;
}

export async function releaseLease(streamId: string, workerId: string): Promise<void> {
  await db().logStream.updateMany({ where: { id: streamId, leaseOwner: workerId }, data: { leaseOwner: null, leaseExpiresAt: null } });
}

import os from "node:os";
import crypto from "node:crypto";
import { db } from "@/lib/db/client";

/** A lease lasts this long unless renewed; a dead worker's streams are taken over after it. */
export const LEASE_TTL_MS = 45_000;
/** Renewed this often while a stream is being worked. */
export const LEASE_RENEW_MS = 15_000;

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

/**
 * Takes the stream's lease when it is free, expired or already ours: one conditional UPDATE,
 * atomic on SQLite and PostgreSQL alike, so two workers can never both succeed.
 */
export async function claimLease(streamId: string, workerId: string, now: Date): Promise<boolean> {
  const { count } = await db().logStream.updateMany({
    where: {
      id: streamId,
      status: "active",
      OR: [{ leaseOwner: null }, { leaseOwner: workerId }, { leaseExpiresAt: { lt: now } }],
    },
    data: { leaseOwner: workerId, leaseExpiresAt: new Date(now.getTime() + LEASE_TTL_MS) },
  });
  return count === 1;
}

/** Extends our lease; false when another worker has taken it (or the stream is gone). */
export async function renewLease(streamId: string, workerId: string, now: Date): Promise<boolean> {
  const { count } = await db().logStream.updateMany({
    where: { id: streamId, leaseOwner: workerId },
    data: { leaseExpiresAt: new Date(now.getTime() + LEASE_TTL_MS) },
  });
  return count === 1;
}

export async function releaseLease(streamId: string, workerId: string): Promise<void> {
  await db().logStream.updateMany({ where: { id: streamId, leaseOwner: workerId }, data: { leaseOwner: null, leaseExpiresAt: null } });
}

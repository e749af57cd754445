import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/models";
import { directSqlite, sqliteTimestamp } from "@/lib/db/sqlite-direct";
import { defineWriterJob } from "@/lib/db/sqlite-writer";
import { logger } from "@/lib/logger";
import { isOwnerProcessGone, newWorkerId, THIS_HOST_OWNER_PATTERN } from "./lease-owner";

// The one lease code of the project: a stream's (delivery) and the Auth0 source's (the pull).
// The statements, like the dispatcher's due-streams query, are raw SQL that reads the same on
// SQLite and PostgreSQL: they run around every burst of deliveries, and Prisma's query building
// cost each ~0.4 ms of the event loop, against ~0.07 for the raw statement.

export { newWorkerId };

/** A stream's lease (claimable only while the stream is active), or the Auth0 source's. */
export type Lease = { kind: "stream"; streamId: string } | { kind: "source"; sourceId: string };

export const streamLease = (streamId: string): Lease => ({ kind: "stream", streamId });
export const sourceLease = (sourceId: string): Lease => ({ kind: "source", sourceId });

function rowOf(lease: Lease) {
  return lease.kind === "stream"
    ? {
        table: Prisma.raw(`"LogStream"`),
        id: lease.streamId,
        claimable: Prisma.sql`AND "status" = 'active'`,
        logFields: { stream_id: lease.streamId },
      }
    : {
        table: Prisma.raw(`"Auth0Source"`),
        id: lease.sourceId,
        claimable: Prisma.empty,
        logFields: { source: "auth0" },
      };
}

type SqliteUpdate = { sql: string; values: unknown[] };

/**
 * A lease's UPDATE on SQLite, run on the writer thread. On the event loop it waited, synchronously,
 * for the write lock an ingested body's insert held, and SQLite's busy handler slept on past the
 * commit: delivery and the ingest's own 202 stood still, up to ~200 ms each time (profiled).
 */
const updateOnWriterThread = defineWriterJob<SqliteUpdate, number>({
  name: "lease-update",
  run({ sql, values }) {
    const sqlite = directSqlite()!;
    return sqlite.write(() => sqlite.statement(sql).run(values).changes);
  },
});

/** Runs a lease's UPDATE (on SQLite on the writer thread); how many rows it changed. */
function updateLease(update: Prisma.Sql): Promise<number> {
  if (!directSqlite()) return db().$executeRaw(update);
  // Dates bound as Prisma's SQLite adapter binds them, so the lease columns compare alike.
  const values = update.values.map((value) => (value instanceof Date ? sqliteTimestamp(value) : value));
  return updateOnWriterThread({ sql: update.sql, values });
}

/** Thrown by a write made under a lease that another worker has taken meanwhile: nothing of the write is kept. */
export class LeaseLostError extends Error {
  constructor() {
    super("The lease was taken by another worker");
    this.name = "LeaseLostError";
  }

  /** Also one thrown on the SQLite writer thread, which comes back as an Error of that name (sqlite-writer.ts errorOf). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === "LeaseLostError";
  }
}

/**
 * Takes the lease when it is free or already ours (a restarted pass, a release that failed while
 * the database was away), or takes it over when its holder stopped renewing it or, on this host,
 * its process is gone. Conditional UPDATEs, atomic on SQLite and PostgreSQL alike, so two workers
 * can never both succeed. Since its own lease is taken again, a worker whose passes may overlap
 * claims only what none of them holds (the dispatcher's claimStream).
 */
export async function claimLease(lease: Lease, workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const row = rowOf(lease);
  const expiresAt = new Date(now.getTime() + ttlMs);
  const count = await updateLease(Prisma.sql`
    UPDATE ${row.table} SET "leaseOwner" = ${workerId}, "leaseExpiresAt" = ${expiresAt}
    WHERE "id" = ${row.id} ${row.claimable} AND ("leaseOwner" IS NULL OR "leaseOwner" = ${workerId})`);
  if (count === 1) return true;
  const [held] = await db().$queryRaw<{ leaseOwner: string | null; isExpired: number | bigint }[]>`
    SELECT "leaseOwner", CASE WHEN "leaseExpiresAt" < ${now} THEN 1 ELSE 0 END AS "isExpired" FROM ${row.table} WHERE "id" = ${row.id} ${row.claimable}`;
  if (!held?.leaseOwner) return false;
  const isExpired = Number(held.isExpired) === 1;
  const isGone = !isExpired && isOwnerProcessGone(held.leaseOwner);
  if (!isExpired && !isGone) return false;
  const taken = await updateLease(Prisma.sql`
    UPDATE ${row.table} SET "leaseOwner" = ${workerId}, "leaseExpiresAt" = ${expiresAt}
    WHERE "id" = ${row.id} ${row.claimable} AND "leaseOwner" = ${held.leaseOwner} ${isGone ? Prisma.empty : Prisma.sql`AND "leaseExpiresAt" < ${now}`}`);
  if (taken !== 1) return false;
  logger.warn(
    {
      ...row.logFields,
      previous_worker: held.leaseOwner,
      worker: workerId,
      reason: isGone ? "its process on this host is gone" : "its lease expired",
    },
    "lease taken over from a worker that stopped renewing it",
  );
  return true;
}

/** Extends our lease; false when another worker has taken it (or the row is gone). */
export async function renewLease(lease: Lease, workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const row = rowOf(lease);
  const count = await updateLease(Prisma.sql`
    UPDATE ${row.table} SET "leaseExpiresAt" = ${new Date(now.getTime() + ttlMs)} WHERE "id" = ${row.id} AND "leaseOwner" = ${workerId}`);
  return count === 1;
}

/** Gives the lease back; `alsoSet` (assignments such as hold.ts's HOLD_CLEARED) is written in the same statement. */
export async function releaseLease(lease: Lease, workerId: string, alsoSet: Prisma.Sql = Prisma.empty): Promise<void> {
  const row = rowOf(lease);
  await updateLease(
    Prisma.sql`UPDATE ${row.table} SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL ${alsoSet} WHERE "id" = ${row.id} AND "leaseOwner" = ${workerId}`,
  );
}

/**
 * Renews a claimed lease every third of its time to live until stop(); isHeld() turns false
 * for good once a renewal finds it taken. A renewal that fails (the database is away) is tried
 * at the next turn: the writes made under the lease check it anyway.
 */
export function keepLease(
  lease: Lease,
  workerId: string,
  ttlMs: number,
  now: () => Date,
): { isHeld: () => boolean; stop: () => void } {
  let isHeld = true;
  const timer = setInterval(() => {
    renewLease(lease, workerId, now(), ttlMs).then(
      (held) => (isHeld &&= held),
      () => undefined,
    );
  }, ttlMs / 3);
  return { isHeld: () => isHeld, stop: () => clearInterval(timer) };
}

/**
 * Streams that are active, not held (see hold.ts), have events after their cursor, and whose
 * lease `workerId` may claim (see claimLease); prioritized ones first.
 */
export async function dueStreamIds(now: Date, workerId: string): Promise<string[]> {
  // Leases of this host's processes are read too: one whose process is gone is free at once.
  const rows = await db().$queryRaw<{ id: string; leaseOwner: string | null; isClaimable: number | bigint }[]>`
    SELECT "id", "leaseOwner", CASE WHEN "leaseOwner" IS NULL OR "leaseExpiresAt" < ${now} OR "leaseOwner" = ${workerId} THEN 1 ELSE 0 END AS "isClaimable"
    FROM "LogStream"
    WHERE "status" = 'active' AND "cursor" < (SELECT MAX("seq") FROM "Event")
      AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < ${now} OR "leaseOwner" = ${workerId} OR "leaseOwner" LIKE ${THIS_HOST_OWNER_PATTERN})
      AND ("heldUntil" IS NULL OR "heldUntil" <= ${now})
    ORDER BY "isPriority" DESC, "lastDeliveredAt" ASC NULLS FIRST`;
  return rows
    .filter((row) => Number(row.isClaimable) === 1 || isOwnerProcessGone(row.leaseOwner!))
    .map((row) => row.id);
}

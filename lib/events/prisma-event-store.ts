import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/models";
import type { AlsoInTransaction, EventStore, IncomingEvent } from "./event-store";
import { countIngested } from "./ingested-total";

/** Rows per INSERT on PostgreSQL: 5 parameters each, far below its 65,535-parameter limit. */
const INSERT_CHUNK_ROWS = 1000;

/** Any fixed number: the key of the PostgreSQL advisory lock that serialises event inserts. */
const EVENT_INSERT_LOCK = 7_302_214;

/**
 * Inserts take turns (the lock below), so under a burst a body waits for a connection and then the
 * lock for as long as the bodies before it take: long past Prisma's 2 s default, and the answer
 * to a burst is the ingest route's 503, not a failed transaction.
 */
const EVENT_INSERT_WAIT_MS = 30_000;

async function insert(rows: IncomingEvent[], receivedAt: Date, also?: AlsoInTransaction): Promise<number> {
  return db().$transaction(
    async (tx) => {
      // Without this, two concurrent bodies could commit out of seq order: a dispatcher reading
      // between the two commits would move its cursor past the later-committed, lower seqs and skip
      // them. Held until commit, the lock makes commit order follow seq order.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVENT_INSERT_LOCK})`;
      let inserted = 0;
      for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
        const values = rows.slice(start, start + INSERT_CHUNK_ROWS).map((e) => Prisma.sql`(${e.logId}, ${e.type}, ${e.item}, ${e.dateMs === null ? null : BigInt(e.dateMs)}, ${receivedAt})`);
        inserted += await tx.$executeRaw`INSERT INTO "Event" ("logId", "type", "item", "dateMs", "receivedAt") VALUES ${Prisma.join(values)} ON CONFLICT ("logId") DO NOTHING`;
      }
      await countIngested(tx, inserted);
      await also?.withPrisma(tx);
      return inserted;
    },
    { maxWait: EVENT_INSERT_WAIT_MS, timeout: EVENT_INSERT_WAIT_MS },
  );
}

/** The event store through Prisma: PostgreSQL's. */
export const prismaEventStore: EventStore = {
  insert,
  readAfter: (afterSeq, limit) =>
    db().event.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit,
      select: { seq: true, logId: true, type: true, item: true, dateMs: true },
    }),
};

import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { IncomingEvent } from "./parse";

/** Rows per INSERT: 4 parameters each stays far below SQLite's 32,766-variable limit. */
const INSERT_CHUNK_ROWS = 1000;

export type StoreResult = { accepted: number; duplicates: number };

/**
 * Stores a body's events in one transaction (all or nothing). A log_id already stored, or
 * repeated within the body, is counted as a duplicate and not stored again.
 */
export async function storeEvents(events: IncomingEvent[], receivedAt = new Date()): Promise<StoreResult> {
  const firstCopies = new Map<string, IncomingEvent>();
  for (const event of events) if (!firstCopies.has(event.logId)) firstCopies.set(event.logId, event);
  const rows = [...firstCopies.values()];

  const accepted = await db().$transaction(async (tx) => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
      const values = rows.slice(start, start + INSERT_CHUNK_ROWS).map((e) => Prisma.sql`(${e.logId}, ${e.type}, ${e.data}, ${receivedAt})`);
      inserted += await tx.$executeRaw`INSERT INTO "Event" ("logId", "type", "data", "receivedAt") VALUES ${Prisma.join(values)} ON CONFLICT ("logId") DO NOTHING`;
    }
    return inserted;
  });
  return { accepted, duplicates: events.length - accepted };
}

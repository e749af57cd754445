import pg from "pg";
import { db, postgresPool } from "@/lib/db/client";
import { selectAsBinaryCopy, type CopyField } from "@/lib/db/postgres-copy-out";
import { postgresTransaction, POSTGRES_WAIT_MS } from "@/lib/db/postgres-pool";
import type { AlsoInTransaction, EventStore, IncomingEvent } from "./event-store";
import { countIngestedOnPostgres } from "./ingested-total";
import { windowBounds } from "./datadog-window";
import { tagsEnding, windowedItemSql } from "./item-json";

/** Any fixed number: the key of the PostgreSQL advisory lock that serialises event inserts. */
const EVENT_INSERT_LOCK = 7_302_214;

/**
 * Without the lock, two concurrent bodies could commit out of seq order: a dispatcher reading
 * between the two commits would move its cursor past the later-committed, lower seqs and skip them.
 * Held until commit, it makes commit order follow seq order. Bodies wait for it in turn, up to
 * POSTGRES_WAIT_MS (the answer to a burst is the ingest route's 503, not a failed transaction).
 */
const TAKE_INSERT_LOCK = `SET LOCAL lock_timeout = ${POSTGRES_WAIT_MS}; SELECT pg_advisory_xact_lock(${EVENT_INSERT_LOCK})`;

/** Between items: JSON text never holds U+001E unescaped (a stray one would leave a row without its logId, failing the whole body). */
const ITEM_SEPARATOR = "\x1e";

/**
 * A whole body in one statement: its columns as parameter arrays, the items as one text split by
 * PostgreSQL (pg escapes every element of a text[] parameter, ~10x the CPU of the insert itself).
 * receivedAt as ISO text: the column has no time zone and holds UTC, as Prisma writes it.
 */
const INSERT_EVENTS = {
  name: "insert_events",
  text: `INSERT INTO "Event" ("logId", "type", "item", "dateMs", "receivedAt")
    SELECT *, $5::timestamp FROM unnest($1::text[], $2::text[], string_to_array($3, E'\\x1e'), $4::bigint[])
    ON CONFLICT ("logId") DO NOTHING`,
};

/**
 * The joined read as a SELECT for a binary COPY (selectAsBinaryCopy), its values written in: COPY
 * takes no parameters, and every value is a number but the tags' ending, quoted by pg. No ORDER BY
 * inside string_agg: the order of the items within one request does not matter to Datadog. Each
 * item as sent at the batch's time (windowedItemSql: dated, or marked delayed or ahead outside
 * Datadog's window; NULL where only JavaScript can); with tags, its closing brace gives way to
 * tagsEnding: withTags done by PostgreSQL.
 */
function joinedSelect(afterSeq: bigint, limit: number, { oldestMs, newestMs }: { oldestMs: number; newestMs: number }, ending: string | null): string {
  const [oldest, newest] = [`${Math.trunc(oldestMs)}::bigint`, `${Math.trunc(newestMs)}::bigint`];
  const sent = windowedItemSql({ item: '"item"', dateMs: '"dateMs"', oldestMs: oldest, newestMs: newest, position: "strpos" });
  return `SELECT count(*) AS "count", max("seq") AS "lastSeq", max(octet_length("item"))::bigint AS "largestItemBytes",
      count(*) FILTER (WHERE "item" IS NULL) AS "unjoinedCount", count(*) FILTER (WHERE "dateMs" < ${oldest}) AS "delayedCount",
      '[' || string_agg("item", ',') || ']' AS "body"
    FROM (SELECT "seq", "dateMs", ${ending === null ? `"sent"` : `left("sent", -1) || ${pg.escapeLiteral(ending)}`} AS "item"
      FROM (SELECT "seq", "dateMs", ${sent} AS "sent" FROM "Event" WHERE "seq" > ${BigInt(afterSeq)} ORDER BY "seq" LIMIT ${Math.trunc(limit)}) AS "read") AS "batch"`;
}

/** A bigint field of a binary COPY row (PostgreSQL's int8: 8 bytes, big-endian). */
const int8 = (field: CopyField | undefined) => field?.readBigInt64BE(0) ?? null;

async function insert(rows: IncomingEvent[], receivedAt: Date, also?: AlsoInTransaction): Promise<number> {
  const values = [rows.map((e) => e.logId), rows.map((e) => e.type), rows.map((e) => e.item).join(ITEM_SEPARATOR), rows.map((e) => e.dateMs), receivedAt.toISOString()];
  return postgresTransaction(postgresPool()!, TAKE_INSERT_LOCK, async (client) => {
    const inserted = rows.length === 0 ? 0 : ((await client.query({ ...INSERT_EVENTS, values })).rowCount ?? 0);
    await countIngestedOnPostgres(client, inserted);
    await also?.onPostgres(client);
    return inserted;
  });
}

/** The event store on PostgreSQL: inserts and joined reads through the pg pool (one statement each), other reads through Prisma. */
export const postgresEventStore: EventStore = {
  insert,
  readAfter: (afterSeq, limit) =>
    db().event.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit,
      select: { seq: true, logId: true, type: true, item: true, dateMs: true },
    }),
  /** Through a binary COPY: the body comes as the bytes PostgreSQL joined, never decoded into a string and encoded back. */
  async readJoined(afterSeq, limit, { now, ddtags }) {
    const [row] = await selectAsBinaryCopy(postgresPool()!, joinedSelect(afterSeq, limit, windowBounds(now), ddtags ? tagsEnding(ddtags) : null));
    const [count, lastSeq, largestItemBytes, unjoinedCount, delayedCount, body] = row!;
    return { count: int8(count)!, lastSeq: int8(lastSeq), largestItemBytes: int8(largestItemBytes), unjoinedCount: int8(unjoinedCount)!, delayedCount: int8(delayedCount)!, body: body ?? null };
  },
};

import pg from "pg";
import { db, postgresPool } from "@/lib/db/client";
import { copyIn, toBinaryCopy, type CopyColumn } from "@/lib/db/postgres-copy-in";
import { selectAsBinaryCopy, type CopyField } from "@/lib/db/postgres-copy-out";
import { postgresTransaction, POSTGRES_WAIT_MS } from "@/lib/db/postgres-pool";
import type { AlsoInTransaction, EventStore, IncomingEvent } from "./event-store";
import { addToIngestedOnPostgresSql, countIngestedOnPostgresSql } from "./ingested-total";
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

const EVENT_COLUMNS = `"logId", "type", "item", "dateMs", "receivedAt"`;

/**
 * A body's rows copied straight into the table: COPY inserts them in multi-row batches, about a
 * quarter faster than INSERT … SELECT of unnested arrays (measured, docs/performance.md). Every row goes
 * in or none, so the counter is added to by their number, in the same round trip. A log_id already
 * stored fails the unique index and the whole COPY: the body is then stored by STORE_BODY_SKIPPING_STORED.
 */
const copyEvents = (count: number) =>
  `COPY "Event" (${EVENT_COLUMNS}) FROM STDIN (FORMAT binary); ${addToIngestedOnPostgresSql(count)}`;

/** The rare body holding a stored log_id (a sender's retry): copied into a table of its own, dropped at commit. */
const COPY_BODY = `CREATE TEMPORARY TABLE "EventBody" ("logId" text, "type" text, "item" text, "dateMs" bigint, "receivedAt" timestamp(3)) ON COMMIT DROP;
  COPY "EventBody" FROM STDIN (FORMAT binary)`;

/**
 * Then inserted but for its stored log_ids, the counter added to in a data-modifying CTE. Stored
 * log_ids are skipped by an anti-join rather than ON CONFLICT DO NOTHING (speculative insertion
 * cost ~25 % of the statement, measured): no other insert can store one meanwhile, all taking the
 * insert lock, and should one ever, the unique index fails the whole body (all or nothing).
 */
const STORE_BODY_SKIPPING_STORED = `WITH "inserted" AS (
    INSERT INTO "Event" (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM "EventBody"
    WHERE NOT EXISTS (SELECT FROM "Event" WHERE "Event"."logId" = "EventBody"."logId")
    RETURNING 1),
  "counted" AS (${countIngestedOnPostgresSql('"inserted"')})
  SELECT count(*)::integer AS "inserted" FROM "inserted"`;

/**
 * The joined read as a SELECT for a binary COPY (selectAsBinaryCopy), its values written in: COPY
 * takes no parameters, and every value is a number but the tags' ending, quoted by pg. No ORDER BY
 * inside string_agg: the order of the items within one request does not matter to Datadog. Each
 * item as sent at the batch's time (windowedItemSql: dated, or marked delayed or ahead outside
 * Datadog's window; NULL where only JavaScript can); with tags, its closing brace gives way to
 * tagsEnding: withTags done by PostgreSQL.
 */
function joinedSelect(
  afterSeq: bigint,
  limit: number,
  { oldestMs, newestMs }: { oldestMs: number; newestMs: number },
  ending: string | null,
): string {
  const [oldest, newest] = [`${Math.trunc(oldestMs)}::bigint`, `${Math.trunc(newestMs)}::bigint`];
  const sent = windowedItemSql({
    item: '"item"',
    dateMs: '"dateMs"',
    oldestMs: oldest,
    newestMs: newest,
    position: "strpos",
  });
  return `SELECT count(*) AS "count", max("seq") AS "lastSeq", max(octet_length("item"))::bigint AS "largestItemBytes",
      count(*) FILTER (WHERE "item" IS NULL) AS "unjoinedCount", count(*) FILTER (WHERE "dateMs" < ${oldest}) AS "delayedCount",
      '[' || string_agg("item", ',') || ']' AS "body"
    FROM (SELECT "seq", "dateMs", ${ending === null ? `"sent"` : `left("sent", -1) || ${pg.escapeLiteral(ending)}`} AS "item"
      FROM (SELECT "seq", "dateMs", ${sent} AS "sent" FROM "Event" WHERE "seq" > ${BigInt(afterSeq)} ORDER BY "seq" LIMIT ${Math.trunc(limit)}) AS "read") AS "batch"`;
}

/** A bigint field of a binary COPY row (PostgreSQL's int8: 8 bytes, big-endian). */
const int8 = (field: CopyField | undefined) => field?.readBigInt64BE(0) ?? null;

/**
 * A body's rows (log_ids distinct) as binary COPY data (toBinaryCopy): built where the body is
 * parsed (the writer thread), so the event loop gets bytes to send rather than an object per event
 * to copy, escape and encode, and PostgreSQL parses no text.
 */
export type PostgresRows = { count: number; copy: Uint8Array };

/** A timestamp's binary form: µs since 2000-01-01; the column has no time zone and holds UTC, as Prisma writes it. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

export function toPostgresRows(rows: IncomingEvent[], receivedAt: Date): PostgresRows {
  const receivedAtUs = (receivedAt.getTime() - POSTGRES_EPOCH_MS) * 1000;
  const columns: CopyColumn<IncomingEvent>[] = [
    { type: "text", of: (e) => e.logId },
    { type: "text", of: (e) => e.type },
    { type: "text", of: (e) => e.item },
    { type: "int8", of: (e) => e.dateMs },
    { type: "int8", of: () => receivedAtUs },
  ];
  return { count: rows.length, copy: toBinaryCopy(rows, columns) };
}

/** The unique index on logId refused a row: a log_id already stored (the body's are distinct). */
const isStoredLogId = (error: unknown) =>
  error instanceof pg.DatabaseError && error.code === "23505" && error.constraint === "Event_logId_key";

/** EventStore.insert for rows made ready by toPostgresRows: copied straight in, or, holding a log_id already stored, without it. */
export async function insertPostgresRows(rows: PostgresRows, also?: AlsoInTransaction): Promise<number> {
  const pool = postgresPool()!;
  try {
    return await postgresTransaction(pool, TAKE_INSERT_LOCK, async (client) => {
      if (rows.count > 0) await copyIn(client, copyEvents(rows.count), rows.copy);
      await also?.onPostgres(client);
      return rows.count;
    });
  } catch (error) {
    if (!isStoredLogId(error)) throw error;
  }
  return postgresTransaction(pool, TAKE_INSERT_LOCK, async (client) => {
    await copyIn(client, COPY_BODY, rows.copy);
    const { rows: stored } = await client.query<{ inserted: number }>(STORE_BODY_SKIPPING_STORED);
    await also?.onPostgres(client);
    return stored[0]!.inserted;
  });
}

/** The event store on PostgreSQL: inserts and joined reads through the pg pool (one statement each), other reads through Prisma. */
export const postgresEventStore: EventStore = {
  insert: (rows, receivedAt, also) => insertPostgresRows(toPostgresRows(rows, receivedAt), also),
  readAfter: (afterSeq, limit) =>
    db().event.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit,
      select: { seq: true, logId: true, type: true, item: true, dateMs: true },
    }),
  /** Through a binary COPY: the body comes as the bytes PostgreSQL joined, never decoded into a string and encoded back. */
  async readJoined(afterSeq, limit, { now, ddtags }) {
    const [row] = await selectAsBinaryCopy(
      postgresPool()!,
      joinedSelect(afterSeq, limit, windowBounds(now), ddtags ? tagsEnding(ddtags) : null),
    );
    const [count, lastSeq, largestItemBytes, unjoinedCount, delayedCount, body] = row!;
    return {
      count: int8(count)!,
      lastSeq: int8(lastSeq),
      largestItemBytes: int8(largestItemBytes),
      unjoinedCount: int8(unjoinedCount)!,
      delayedCount: int8(delayedCount)!,
      body: body ?? null,
    };
  },
};

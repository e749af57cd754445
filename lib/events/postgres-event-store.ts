import pg from "pg";
import { db, postgresPool } from "@/lib/db/client";
import { copyIn, toBinaryCopy, type CopyColumn, type CopyData, type CopyPart } from "@/lib/db/postgres-copy-in";
import { copyRowsOut, type SelectedRow } from "@/lib/db/postgres-copy-out";
import { postgresTransaction, withPostgresClient, POSTGRES_WAIT_MS } from "@/lib/db/postgres-pool";
import type { AlsoInTransaction, EventStore, IncomingEvent, JoinedEvents } from "./event-store";
import { addToIngestedOnPostgresSql, countIngestedOnPostgresSql } from "./ingested-total";
import { windowBounds } from "./datadog-window";
import { tagsEnding, windowedItemSql } from "./item-json";
import { createJoinedBody } from "./joined-body";

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
 * quarter faster than INSERT … SELECT of unnested arrays (measured, docs/performance.md). Every row
 * goes in or none. A log_id already stored fails the unique index and the whole COPY: the body is
 * then stored by STORE_BODY_SKIPPING_STORED.
 */
const COPY_EVENTS = `COPY "Event" (${EVENT_COLUMNS}) FROM STDIN (FORMAT binary)`;

/**
 * The rare body holding a stored log_id (a sender's retry): copied into a table of its own, dropped
 * at commit, numbered in the body's order (the insert below keeps it: an anti-join may not). Its
 * logId compares as Event's does, by bytes (the "C" collation: migration event_log_id_bytes).
 */
const COPY_BODY = `CREATE TEMPORARY TABLE "EventBody" ("logId" text COLLATE "C", "type" text, "item" text, "dateMs" bigint, "receivedAt" timestamp(3), "n" bigserial) ON COMMIT DROP;
  COPY "EventBody" (${EVENT_COLUMNS}) FROM STDIN (FORMAT binary)`;

/**
 * Then inserted but for its stored log_ids, the counter added to in a data-modifying CTE. Stored
 * log_ids are skipped by an anti-join rather than ON CONFLICT DO NOTHING (speculative insertion
 * cost ~25 % of the statement, measured): no other insert can store one meanwhile, all taking the
 * insert lock, and should one ever, the unique index fails the whole body (all or nothing).
 */
const STORE_BODY_SKIPPING_STORED = `WITH "inserted" AS (
    INSERT INTO "Event" (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM "EventBody"
    WHERE NOT EXISTS (SELECT FROM "Event" WHERE "Event"."logId" = "EventBody"."logId")
    ORDER BY "n"
    RETURNING 1),
  "counted" AS (${countIngestedOnPostgresSql('"inserted"')})
  SELECT count(*)::integer AS "inserted" FROM "inserted"`;

/**
 * The joined read's rows as a SELECT for a binary COPY (copyRowsOut), its values written in: COPY
 * takes no parameters, and every value is a number. Each item as sent at the batch's time
 * (windowedItemSql: dated, or marked delayed or ahead outside Datadog's window; NULL where only
 * JavaScript can), joined by the app as the rows arrive (createJoinedBody): PostgreSQL joining
 * them with string_agg and sending the ~660 KB result as one field took ~3x its CPU (measured:
 * ~5.5 ms a 1000-event batch against ~2), most of it in fresh pages for that result's copies.
 */
function joinedRowsSelect(
  afterSeq: bigint,
  limit: number,
  { oldestMs, newestMs }: { oldestMs: number; newestMs: number },
) {
  const [oldest, newest] = [`${Math.trunc(oldestMs)}::bigint`, `${Math.trunc(newestMs)}::bigint`];
  const sent = windowedItemSql({
    item: '"item"',
    dateMs: '"dateMs"',
    oldestMs: oldest,
    newestMs: newest,
    database: "postgres",
  });
  return `SELECT "seq", "dateMs" < ${oldest} AS "isDelayed", ${sent} AS "item"
    FROM "Event" WHERE "seq" > ${BigInt(afterSeq)} ORDER BY "seq" LIMIT ${Math.trunc(limit)}`;
}

/** A timestamp's binary form: µs since 2000-01-01; the column has no time zone and holds UTC, as Prisma writes it. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * Each log_id's first copy among `events`: the one stored (a COPY takes every row it is given). With
 * `seen`, the log_ids of a body's parts before (PostgreSQL's ingest reads a body part by part), which it adds to.
 */
export function firstCopies(events: IncomingEvent[], seen = new Set<string>()): IncomingEvent[] {
  return events.filter(({ logId }) => !seen.has(logId) && Boolean(seen.add(logId)));
}

/** Rows as (part of) the COPY data of insertPostgresRows. */
export function toPostgresCopy(
  rows: IncomingEvent[],
  receivedAt: Date,
  part?: CopyPart,
  allocate?: (room: number) => Buffer,
): Buffer {
  const receivedAtUs = (receivedAt.getTime() - POSTGRES_EPOCH_MS) * 1000;
  const columns: CopyColumn<IncomingEvent>[] = [
    { type: "text", of: (e) => e.logId },
    { type: "text", of: (e) => e.type },
    { type: "text", of: ({ item }) => [item.head, item.data, item.tail] },
    { type: "int8", of: (e) => e.dateMs },
    { type: "int8", of: () => receivedAtUs },
  ];
  return toBinaryCopy(rows, columns, part, allocate);
}

/** The unique index on logId refused a row: a log_id already stored (the body's are distinct). */
const isStoredLogId = (error: unknown) =>
  error instanceof pg.DatabaseError && error.code === "23505" && error.constraint === "Event_logId_key";

/**
 * EventStore.insert for rows as binary COPY data (toPostgresCopy, log_ids distinct), made where a
 * body is parsed (the writer thread) and sent as each part is made: copied straight in, or, holding
 * a log_id already stored, without it. Null for no rows. Returns how many were stored.
 *
 * Without `also`, BEGIN with the insert lock and the COPY go in one round trip, then the counter
 * (the COPY's row count known) and COMMIT in a second: at an error the server skips the rest and
 * the connection is rolled back; done means committed.
 */
export async function insertPostgresRows(copy: CopyData | null, also?: AlsoInTransaction): Promise<number> {
  const pool = postgresPool()!;
  try {
    if (!also && copy)
      return await withPostgresClient(pool, async (client) => {
        const stored = await copyIn(client, `BEGIN; ${TAKE_INSERT_LOCK}; ${COPY_EVENTS}`, copy);
        await client.query(`${addToIngestedOnPostgresSql(stored)}; COMMIT`);
        return stored;
      });
    return await postgresTransaction(pool, TAKE_INSERT_LOCK, async (client) => {
      const stored = copy ? await copyIn(client, COPY_EVENTS, copy) : 0;
      if (stored > 0) await client.query(addToIngestedOnPostgresSql(stored));
      await also?.onPostgres(client);
      return stored;
    });
  } catch (error) {
    if (!isStoredLogId(error)) throw error;
  }
  return postgresTransaction(pool, TAKE_INSERT_LOCK, async (client) => {
    await copyIn(client, COPY_BODY, copy!);
    const { rows: stored } = await client.query<{ inserted: number }>(STORE_BODY_SKIPPING_STORED);
    await also?.onPostgres(client);
    return stored[0]!.inserted;
  });
}

/**
 * EventStore.readJoined, through a binary COPY: the items come as the bytes stored, never decoded
 * into strings and encoded back. With `select` (a SELECT, its values written in), that runs first in
 * the same round trip, and its rows come back as pg parses them: one round trip where two were.
 */
export async function readJoinedAfter(
  select: string | null,
  afterSeq: bigint,
  limit: number,
  { now, ddtags }: { now: Date; ddtags?: string | null },
): Promise<{ selected: SelectedRow[]; joined: JoinedEvents }> {
  const joined = createJoinedBody(ddtags ? Buffer.from(tagsEnding(ddtags)) : null);
  let selected: SelectedRow[] = [];
  // Numbers while reading (a BigInt is an object each): 1000 rows a batch.
  let [count, unjoinedCount, delayedCount] = [0, 0, 0];
  let [lastSeqHigh, lastSeqLow] = [0, 0];
  // Fields: seq (int8: 8 bytes, big-endian), isDelayed (bool: 1 byte, NULL without a date), the item as sent.
  await copyRowsOut(
    postgresPool()!,
    joinedRowsSelect(afterSeq, limit, windowBounds(now)),
    ({ bytes, starts: [seqAt, isDelayedAt, itemAt], lengths: [, isDelayedLength, itemLength] }) => {
      count += 1;
      lastSeqHigh = bytes.readInt32BE(seqAt!);
      lastSeqLow = bytes.readUInt32BE(seqAt! + 4);
      if (isDelayedLength === 1 && bytes[isDelayedAt!] === 1) delayedCount += 1;
      if (itemLength === -1) unjoinedCount += 1;
      else joined.add(bytes, itemAt!, itemAt! + itemLength!);
    },
    select === null ? undefined : { select, onSelected: (rows) => (selected = rows) },
  );
  const { body, largestItemBytes } = joined.finish();
  return {
    selected,
    joined: {
      count: BigInt(count),
      lastSeq: count === 0 ? null : (BigInt(lastSeqHigh) << 32n) | BigInt(lastSeqLow),
      largestItemBytes: largestItemBytes === null ? null : BigInt(largestItemBytes),
      unjoinedCount: BigInt(unjoinedCount),
      delayedCount: BigInt(delayedCount),
      body,
    },
  };
}

/** The event store on PostgreSQL: inserts and joined reads through the pg pool (one statement each), other reads through Prisma. */
export const postgresEventStore: EventStore = {
  insert: (rows, receivedAt, also) =>
    insertPostgresRows(
      rows.length === 0 ? null : [toPostgresCopy(firstCopies(rows.slice(0, rows.length)), receivedAt)],
      also,
    ),
  readAfter: (afterSeq, limit) =>
    db().event.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit,
      select: { seq: true, logId: true, type: true, item: true, dateMs: true },
    }),
  readJoined: async (afterSeq, limit, sent) => (await readJoinedAfter(null, afterSeq, limit, sent)).joined,
};

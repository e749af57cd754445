import { db, postgresPool } from "@/lib/db/client";
import { toBinaryArrays, type ArrayColumn } from "@/lib/db/postgres-binary-arrays";
import { copyRowsOut } from "@/lib/db/postgres-copy-out";
import { postgresTransaction, POSTGRES_WAIT_MS } from "@/lib/db/postgres-pool";
import type { AlsoInTransaction, EventStore, IncomingEvent } from "./event-store";
import { countIngestedOnPostgresSql } from "./ingested-total";
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
 * A generic plan for the insert: a custom one folds the body's parameters into constants each time.
 */
const TAKE_INSERT_LOCK = `SET LOCAL lock_timeout = ${POSTGRES_WAIT_MS}; SET LOCAL plan_cache_mode = force_generic_plan; SELECT pg_advisory_xact_lock(${EVENT_INSERT_LOCK})`;

/**
 * A whole body in one statement: its columns as binary array parameters (toPostgresRows) unnested
 * side by side, and the ingested counter added to in a data-modifying CTE. receivedAt as ISO text:
 * the column has no time zone and holds UTC, as Prisma writes it.
 *
 * Stored log_ids are skipped by an anti-join rather than ON CONFLICT DO NOTHING, whose speculative
 * insertion cost ~25 % of the statement (measured): no other insert can store one meanwhile, all
 * taking the insert lock, and should one ever, the unique index fails the whole body (all or nothing).
 * The unnest calls are in the select list, not FROM: there they stream instead of being
 * materialised (a 5,000-event body spilt to a temporary file).
 */
const INSERT_EVENTS = {
  name: "insert_events",
  text: `WITH "inserted" AS (
      INSERT INTO "Event" ("logId", "type", "item", "dateMs", "receivedAt")
      SELECT "logId", "type", "item", "dateMs", $5::timestamp FROM (
        SELECT unnest($1::text[]) AS "logId", unnest($2::text[]) AS "type", unnest($3::text[]) AS "item",
          unnest($4::bigint[]) AS "dateMs") AS "body"
      WHERE NOT EXISTS (SELECT FROM "Event" WHERE "Event"."logId" = "body"."logId")
      RETURNING 1),
    "counted" AS (${countIngestedOnPostgresSql('"inserted"')})
    SELECT count(*)::integer AS "inserted" FROM "inserted"`,
};

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
    position: "strpos",
  });
  return `SELECT "seq", "dateMs" < ${oldest} AS "isDelayed", ${sent} AS "item"
    FROM "Event" WHERE "seq" > ${BigInt(afterSeq)} ORDER BY "seq" LIMIT ${Math.trunc(limit)}`;
}

/**
 * Rows as INSERT_EVENTS's parameters, each column a binary array (toBinaryArrays): built where the
 * body is parsed (the writer thread), so the event loop gets four byte arrays to send rather than an
 * object per event to copy, collect, escape and encode, and PostgreSQL parses no array literal.
 */
export type PostgresRows = { count: number; columns: Uint8Array[] };

const EVENT_COLUMNS: ArrayColumn<IncomingEvent>[] = [
  { type: "text", of: (e) => e.logId },
  { type: "text", of: (e) => e.type },
  { type: "text", of: (e) => e.item },
  { type: "int8", of: (e) => e.dateMs },
];

export function toPostgresRows(rows: IncomingEvent[]): PostgresRows {
  return { count: rows.length, columns: toBinaryArrays(rows, EVENT_COLUMNS) };
}

/** EventStore.insert for rows already made parameters (toPostgresRows). */
export async function insertPostgresRows(
  rows: PostgresRows,
  receivedAt: Date,
  also?: AlsoInTransaction,
): Promise<number> {
  const values = [...rows.columns, receivedAt.toISOString()];
  return postgresTransaction(postgresPool()!, TAKE_INSERT_LOCK, async (client) => {
    const inserted =
      rows.count === 0 ? 0 : (await client.query<{ inserted: number }>({ ...INSERT_EVENTS, values })).rows[0]!.inserted;
    await also?.onPostgres(client);
    return inserted;
  });
}

/** The event store on PostgreSQL: inserts and joined reads through the pg pool (one statement each), other reads through Prisma. */
export const postgresEventStore: EventStore = {
  insert: (rows, receivedAt, also) => insertPostgresRows(toPostgresRows(rows), receivedAt, also),
  readAfter: (afterSeq, limit) =>
    db().event.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit,
      select: { seq: true, logId: true, type: true, item: true, dateMs: true },
    }),
  /** Through a binary COPY: the items come as the bytes stored, never decoded into strings and encoded back. */
  async readJoined(afterSeq, limit, { now, ddtags }) {
    const joined = createJoinedBody(ddtags ? Buffer.from(tagsEnding(ddtags)) : null);
    let [count, unjoinedCount, delayedCount] = [0n, 0n, 0n];
    let lastSeq: bigint | null = null;
    // Fields: seq (int8: 8 bytes, big-endian), isDelayed (bool: 1 byte, NULL without a date), the item as sent.
    await copyRowsOut(
      postgresPool()!,
      joinedRowsSelect(afterSeq, limit, windowBounds(now)),
      ([seq, isDelayed, item]) => {
        count += 1n;
        lastSeq = seq!.readBigInt64BE(0);
        if (isDelayed?.[0] === 1) delayedCount += 1n;
        if (item) joined.add(item);
        else unjoinedCount += 1n;
      },
    );
    const { body, largestItemBytes } = joined.finish();
    return {
      count,
      lastSeq,
      largestItemBytes: largestItemBytes === null ? null : BigInt(largestItemBytes),
      unjoinedCount,
      delayedCount,
      body,
    };
  },
};

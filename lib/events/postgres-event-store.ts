import pg from "pg";
import { db, postgresPool } from "@/lib/db/client";
import { toBinaryArrays, type ArrayColumn } from "@/lib/db/postgres-binary-arrays";
import { selectAsBinaryCopy, type CopyField } from "@/lib/db/postgres-copy-out";
import { postgresTransaction, POSTGRES_WAIT_MS } from "@/lib/db/postgres-pool";
import type { AlsoInTransaction, EventStore, IncomingEvent } from "./event-store";
import { countIngestedOnPostgresSql } from "./ingested-total";
import { windowBounds } from "./datadog-window";
import { tagsEnding, windowedItemSql } from "./item-json";

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

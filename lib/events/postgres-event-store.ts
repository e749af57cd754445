import { db, postgresPool } from "@/lib/db/client";
import { postgresTransaction, POSTGRES_WAIT_MS } from "@/lib/db/postgres-pool";
import type { AlsoInTransaction, EventStore, IncomingEvent, JoinedEvents } from "./event-store";
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

// No ORDER BY inside string_agg: the order of the items within one request does not matter to
// Datadog. With tags ($2), each item's closing brace gives way to tagsEnding: withTags done by PostgreSQL.
/** An item as sent at the batch's time: dated, or marked delayed or ahead outside Datadog's window ($2, $3); NULL where only JavaScript can (windowedItemSql). */
const SENT_ITEM = windowedItemSql({ item: '"item"', dateMs: '"dateMs"', oldestMs: "$2::bigint", newestMs: "$3::bigint", position: "strpos" });

const READ_JOINED = {
  name: "read_joined",
  text: `SELECT count(*) AS "count", max("seq") AS "lastSeq", max(octet_length("item")) AS "largestItemBytes",
      count(*) FILTER (WHERE "item" IS NULL) AS "unjoinedCount", count(*) FILTER (WHERE "dateMs" < $2::bigint) AS "delayedCount",
      '[' || string_agg("item", ',') || ']' AS "body"
    FROM (SELECT "seq", "dateMs", CASE WHEN $4::text IS NULL THEN "sent" ELSE left("sent", -1) || $4::text END AS "item"
      FROM (SELECT "seq", "dateMs", ${SENT_ITEM} AS "sent" FROM "Event" WHERE "seq" > $1 ORDER BY "seq" LIMIT $5) AS "read") AS "batch"`,
};

type JoinedRow = { [K in Exclude<keyof JoinedEvents, "body">]: string | number | null } & { body: string | null };

const bigintOrNull = (value: string | number | null) => (value === null ? null : BigInt(value));

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
  async readJoined(afterSeq, limit, { now, ddtags }) {
    const { oldestMs, newestMs } = windowBounds(now);
    const values = [afterSeq.toString(), oldestMs, newestMs, ddtags ? tagsEnding(ddtags) : null, limit];
    const row = (await postgresPool()!.query<JoinedRow>({ ...READ_JOINED, values })).rows[0]!;
    return {
      count: BigInt(row.count!),
      lastSeq: bigintOrNull(row.lastSeq),
      largestItemBytes: bigintOrNull(row.largestItemBytes),
      unjoinedCount: BigInt(row.unjoinedCount!),
      delayedCount: BigInt(row.delayedCount!),
      body: row.body === null ? null : Buffer.from(row.body),
    };
  },
};

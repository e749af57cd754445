import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlsoInTransaction } from "@/lib/events/event-store";
import { itemText } from "@/lib/events/item-json";
import { parseIngestBody } from "@/lib/ingest/parse";
import { createTestStream, uniqueEvents, useDeliveryEnvironment } from "../support/delivery";

// The event store and delivery's per-batch writes of the database under test (SQLite, or PostgreSQL
// in the PostgreSQL pass: one statement per body through the pg pool, lib/events/postgres-event-store.ts).
const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);
const rowsOf = (events: ReturnType<typeof uniqueEvents>) => parseIngestBody(JSON.stringify(events));

describe("the event store", () => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { intake } = await useDeliveryEnvironment();
    close = () => intake.close();
  });
  afterAll(() => close());

  const storedIds = async (prefix: string) => {
    const { db } = await import("@/lib/db/client");
    const rows = await db().event.findMany({
      where: { logId: { startsWith: prefix } },
      orderBy: { seq: "asc" },
      select: { logId: true, item: true },
    });
    return rows;
  };
  const ingestedTotal = async () => {
    const { db } = await import("@/lib/db/client");
    const row = await db().setting.findUnique({ where: { key: "events_ingested_total" } });
    return Number(row?.value ?? 0);
  };

  it("stores a log_id once: repeated within a body, or already stored, it counts as a duplicate", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const events = uniqueEvents(6, "dedupe");
    const before = await ingestedTotal();
    expect(await storeEvents(rowsOf([events[0]!, events[1]!, events[0]!, events[2]!, events[1]!]))).toEqual({
      accepted: 3,
      duplicates: 2,
    });
    expect(await storeEvents(rowsOf([events[2]!, events[3]!, events[0]!, events[4]!, events[5]!, events[3]!]))).toEqual(
      { accepted: 3, duplicates: 3 },
    );
    const stored = await storedIds("dedupe-");
    expect(stored.map((row) => row.logId)).toEqual([
      "dedupe-0",
      "dedupe-1",
      "dedupe-2",
      "dedupe-3",
      "dedupe-4",
      "dedupe-5",
    ]);
    expect(stored[0]!.item).toBe(itemText(rowsOf([events[0]!])[0]!.item));
    expect(await ingestedTotal()).toBe(before + 6);
  });

  it("keeps the first copy of a log_id a body repeats, whatever the later copy holds", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const [first, other] = uniqueEvents(2, "first-copy");
    const later = { ...first!, data: { ...first!.data, description: "the later copy" } };
    expect(await storeEvents(rowsOf([first!, other!, later]))).toEqual({ accepted: 2, duplicates: 1 });
    const stored = await storedIds("first-copy-");
    expect(stored.map((row) => row.item)).toEqual(rowsOf([first!, other!]).map((event) => itemText(event.item)));
  });

  // On PostgreSQL a body is copied straight in (COPY); one holding a stored log_id fails the unique
  // index and is stored again without it: these check that second way, and that the first left nothing.
  it("stores the rest of a body holding log_ids already stored, each once, and counts only those stored", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const events = uniqueEvents(3_000, "stored-among");
    const before = await ingestedTotal();
    expect(await storeEvents(rowsOf([events[1_500]!, events[2_999]!]))).toEqual({ accepted: 2, duplicates: 0 });
    const [firstItem] = (await storedIds("stored-among-1500")).map((row) => row.item);
    const changed = events.map((event) => ({ ...event, data: { ...event.data, description: "sent again" } }));
    expect(await storeEvents(rowsOf(changed))).toEqual({ accepted: 2_998, duplicates: 2 });
    const stored = await storedIds("stored-among-");
    expect(stored.map((row) => row.logId)).toEqual([
      "stored-among-1500",
      "stored-among-2999",
      ...events.map((event) => event.log_id).filter((id) => id !== "stored-among-1500" && id !== "stored-among-2999"),
    ]);
    expect(stored[0]!.item).toBe(firstItem);
    expect(await ingestedTotal()).toBe(before + 3_000);
  });

  it("stores nothing again of a body sent twice, nor counts it, and the more writes of its transaction go in once", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const events = uniqueEvents(2_000, "sent-twice");
    let writes = 0;
    const counting: AlsoInTransaction = {
      onSqlite() {
        writes++;
      },
      async onPostgres() {
        writes++;
      },
    };
    expect(await storeEvents(rowsOf(events), new Date(), counting)).toEqual({ accepted: 2_000, duplicates: 0 });
    const before = await ingestedTotal();
    const repeated = rowsOf([...events, events[0]!, events[1_999]!]);
    expect(await storeEvents(repeated, new Date(), counting)).toEqual({ accepted: 0, duplicates: 2_002 });
    expect(await storeEvents(rowsOf([events[7]!, events[7]!]), new Date(), counting)).toEqual({
      accepted: 0,
      duplicates: 2,
    });
    expect((await storedIds("sent-twice-")).length).toBe(2_000);
    expect(await ingestedTotal()).toBe(before);
    expect(writes).toBe(3);
  });

  it("stores each log_id once when bodies sharing some are stored at the same time", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const events = uniqueEvents(4_000, "concurrent");
    const before = await ingestedTotal();
    const bodies = [
      events.slice(0, 2_000),
      events.slice(1_000, 3_000),
      events.slice(2_000, 4_000),
      events.slice(500, 600),
    ];
    const results = await Promise.all(bodies.map((body) => storeEvents(rowsOf(body))));
    expect(results.reduce((sum, result) => sum + result.accepted, 0)).toBe(4_000);
    expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(2_100);
    const stored = await storedIds("concurrent-");
    expect(new Set(stored.map((row) => row.logId)).size).toBe(4_000);
    expect(stored.length).toBe(4_000);
    expect(await ingestedTotal()).toBe(before + 4_000);
  });

  it("stores each event's date in ms, and none for an event without one, alone in its body or not", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const { db } = await import("@/lib/db/client");
    const [dated, undated, alone] = uniqueEvents(3, "dates").map((event) => ({ ...event, data: { ...event.data } }));
    dated!.data.date = "2026-12-03T12:00:00.123Z";
    delete undated!.data.date;
    delete alone!.data.date;
    await storeEvents(rowsOf([dated!, undated!]));
    await storeEvents(rowsOf([alone!]));
    const rows = await db().event.findMany({
      where: { logId: { startsWith: "dates-" } },
      orderBy: { seq: "asc" },
      select: { logId: true, dateMs: true },
    });
    expect(rows).toEqual([
      { logId: "dates-0", dateMs: BigInt(Date.parse("2026-12-03T12:00:00.123Z")) },
      { logId: "dates-1", dateMs: null },
      { logId: "dates-2", dateMs: null },
    ]);
  });

  it("stores log_ids and types as sent, whatever characters they hold, and knows them again", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const { db } = await import("@/lib/db/client");
    const odd = ['quote " in', "back\\slash \\", "{brace,comma}", "NULL", " spaced ", "ünï€😀", 'both \\"'].map(
      (text) => `chars-${text}`,
    );
    const events = odd.map((logId, i) => ({ log_id: logId, data: { type: i === 0 ? 'ty"pe\\' : "s", log_id: logId } }));
    expect(await storeEvents(rowsOf(events))).toEqual({ accepted: odd.length, duplicates: 0 });
    expect(await storeEvents(rowsOf(events))).toEqual({ accepted: 0, duplicates: odd.length });
    const rows = await db().event.findMany({
      where: { logId: { startsWith: "chars-" } },
      orderBy: { seq: "asc" },
      select: { logId: true, type: true },
    });
    expect(rows.map((row) => row.logId)).toEqual(odd);
    expect(rows[0]!.type).toBe('ty"pe\\');
  });

  it("stores nothing of a body whose transaction fails after its rows went in, nor counts them", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const before = await ingestedTotal();
    const failing: AlsoInTransaction = {
      onSqlite() {
        throw new Error("failed midway");
      },
      async onPostgres() {
        throw new Error("failed midway");
      },
    };
    await expect(storeEvents(rowsOf(uniqueEvents(3_000, "midway")), new Date(), failing)).rejects.toThrow(
      "failed midway",
    );
    expect(await storedIds("midway-")).toEqual([]);
    expect(await ingestedTotal()).toBe(before);
  });

  it.skipIf(!isPostgres)("stores nothing of a body when one of its rows is refused", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const before = await ingestedTotal();
    const events = uniqueEvents(2_000, "refused");
    // A NUL in the last row's type: PostgreSQL refuses it in text (SQLite takes it).
    const rows = rowsOf(events).map((row, i) => (i === events.length - 1 ? { ...row, type: "s\u0000" } : row));
    await expect(storeEvents(rows)).rejects.toThrow();
    expect(await storedIds("refused-")).toEqual([]);
    expect(await ingestedTotal()).toBe(before);
  });

  it("stores every event of a JSON Lines body sent to ingestion, more than a part's", async () => {
    const { ingestBody } = await import("@/lib/ingest/ingest");
    const events = uniqueEvents(2_500, "lines-parts");
    const lines = events.map((event) => JSON.stringify(event)).join("\n");
    expect(await ingestBody(Buffer.from(lines))).toEqual({ accepted: 2_500, duplicates: 0 });
    expect((await storedIds("lines-parts-")).map((row) => row.logId)).toEqual(events.map((event) => event.log_id));
  });

  it("stores nothing of a body sent to ingestion whose fault is in its last part, read after the first parts were sent", async () => {
    const { ingestBody } = await import("@/lib/ingest/ingest");
    const events = uniqueEvents(3_000, "late-fault");
    const before = await ingestedTotal();
    const withoutData = JSON.stringify([...events.slice(0, 2_999), { log_id: "late-fault-x" }]);
    await expect(ingestBody(Buffer.from(withoutData))).rejects.toThrow("index 2999: data must be an object");
    const cutShort = JSON.stringify(events).slice(0, -10);
    await expect(ingestBody(Buffer.from(cutShort))).rejects.toThrow("the array does not parse");
    // Repeated further on than the first parts: the body is refused, as JSON.parse would keep the second data.
    const repeated = JSON.stringify(events).replace(/}}]$/, '},"data":{}}]');
    await expect(ingestBody(Buffer.from(repeated))).rejects.toThrow('index 2999: the key "data" appears twice');
    expect(await storedIds("late-fault-")).toEqual([]);
    expect(await ingestedTotal()).toBe(before);
    expect(await ingestBody(Buffer.from(JSON.stringify(events)))).toEqual({ accepted: 3_000, duplicates: 0 });
  });

  it("stores a body sent to ingestion in parts (1,000 rows each on PostgreSQL): every event once, in order, counted", async () => {
    const { ingestBody } = await import("@/lib/ingest/ingest");
    const events = uniqueEvents(3_500, "parts");
    const bodyOf = (part: typeof events) => Buffer.from(JSON.stringify(part));
    const before = await ingestedTotal();
    expect(await ingestBody(bodyOf(events.slice(0, 2_500)))).toEqual({ accepted: 2_500, duplicates: 0 });
    expect(await ingestBody(bodyOf(events.slice(0, 2_500)))).toEqual({ accepted: 0, duplicates: 2_500 });
    expect(await ingestBody(bodyOf(events.slice(1_999)))).toEqual({ accepted: 1_000, duplicates: 501 });
    const stored = await storedIds("parts-");
    expect(stored.map((row) => row.logId)).toEqual(events.map((event) => event.log_id));
    expect(await ingestedTotal()).toBe(before + 3_500);
  });

  it("stores a body of more rows than SQLite makes before its transaction: every event once, in order, the first copy kept", async () => {
    const { SQLITE_ROWS_MADE_BEFORE } = await import("@/lib/events/sqlite-event-store");
    const { storeEvents } = await import("@/lib/events/store");
    const events = uniqueEvents(SQLITE_ROWS_MADE_BEFORE + 150, "past-made");
    const repeated = events[SQLITE_ROWS_MADE_BEFORE + 10]!;
    const laterCopy = { ...repeated, data: { ...repeated.data, description: "the later copy" } };
    const before = await ingestedTotal();
    expect(await storeEvents(rowsOf([...events, laterCopy]))).toEqual({ accepted: events.length, duplicates: 1 });
    const stored = await storedIds("past-made-");
    expect(stored.map((row) => row.logId)).toEqual(events.map((event) => event.log_id));
    expect(stored.find((row) => row.logId === repeated.log_id)!.item).not.toContain("the later copy");
    expect(await ingestedTotal()).toBe(before + events.length);
  });

  it.skipIf(!isPostgres)("stores nothing of a body when a part of its COPY data cannot be made", async () => {
    const { insertPostgresRows, toPostgresCopy } = await import("@/lib/events/postgres-event-store");
    const { storeEvents } = await import("@/lib/events/store");
    const before = await ingestedTotal();
    const rows = rowsOf(uniqueEvents(2_000, "unmade"));
    const firstPart = toPostgresCopy(rows.slice(0, 1_000), new Date(), { hasEnd: false });
    async function* parts() {
      yield firstPart;
      throw new Error("part not made");
    }
    await expect(insertPostgresRows(parts())).rejects.toThrow("part not made");
    expect(await storedIds("unmade-")).toEqual([]);
    expect(await ingestedTotal()).toBe(before);
    expect(await storeEvents(rows)).toEqual({ accepted: 2_000, duplicates: 0 });
  });

  it("joins the items after a seq into one request body, with a stream's tags", async () => {
    const { eventStore, storeEvents } = await import("@/lib/events/store");
    const { db } = await import("@/lib/db/client");
    const rows = rowsOf(uniqueEvents(5, "joined"));
    await storeEvents(rows);
    const first = await db().event.findUniqueOrThrow({ where: { logId: "joined-0" }, select: { seq: true } });
    // Sent just after the newest event's date: each is inside Datadog's window, so it goes as stored.
    const now = new Date(Math.max(...rows.map((row) => Number(row.dateMs))) + 60_000);
    const joined = await eventStore().readJoined!(first.seq - 1n, 3, { now, ddtags: "env:test" });
    expect(joined.count).toBe(3n);
    expect(joined.lastSeq).toBe(first.seq + 2n);
    const items = JSON.parse(joined.body!.toString()) as { log_id: string; ddtags: string }[];
    expect(items.map((item) => item.log_id).sort()).toEqual(["joined-0", "joined-1", "joined-2"]);
    expect(items.every((item) => item.ddtags === "env:test")).toBe(true);
    const untagged = await eventStore().readJoined!(first.seq + 2n, 10, { now });
    expect(untagged.body!.toString()).toBe(
      `[${rows
        .slice(3)
        .map((row) => itemText(row.item))
        .join(",")}]`,
    );
    expect(await eventStore().readJoined!(untagged.lastSeq!, 10, { now })).toMatchObject({
      count: 0n,
      lastSeq: null,
      body: null,
    });
  });

  it("joins a batch of hundreds of items in seq order across a gap in seq, with tags, byte for byte", async () => {
    const { eventStore, storeEvents } = await import("@/lib/events/store");
    const { withTags } = await import("@/lib/events/item-json");
    const { db } = await import("@/lib/db/client");
    const now = new Date();
    // Dated now: each inside Datadog's window, so it goes as stored.
    const events = uniqueEvents(280, "runs").map((event) => ({
      ...event,
      data: { ...event.data, date: now.toISOString() },
    }));
    const [before, after] = [rowsOf(events.slice(0, 150)), rowsOf(events.slice(150))];
    await storeEvents(before);
    // A body holding a stored log_id: on PostgreSQL its first COPY fails and leaves a gap of seqs behind.
    await storeEvents([...after, before[0]!]);
    const first = await db().event.findUniqueOrThrow({ where: { logId: "runs-0" }, select: { seq: true } });
    const items = [...before, ...after].map((row) => itemText(row.item));
    const tags = 'env:"prod",team:\\ops é';
    const joined = await eventStore().readJoined!(first.seq - 1n, 1000, { now, ddtags: tags });
    const last = await db().event.findUniqueOrThrow({ where: { logId: "runs-279" }, select: { seq: true } });
    expect(joined).toMatchObject({ count: 280n, lastSeq: last.seq, unjoinedCount: 0n, delayedCount: 0n });
    expect(joined.body!.toString()).toBe(`[${items.map((item) => withTags(item, tags)).join(",")}]`);
    expect(joined.largestItemBytes).toBe(
      BigInt(Math.max(...items.map((item) => Buffer.byteLength(withTags(item, tags))))),
    );
    const untagged = await eventStore().readJoined!(first.seq - 1n, 250, { now });
    expect(untagged.count).toBe(250n);
    expect(untagged.body!.toString()).toBe(`[${items.slice(0, 250).join(",")}]`);
  });

  it("records a batch's progress only under the stream's lease: cursor, totals and the minute's counter", async () => {
    const { deliveryStore } = await import("@/lib/delivery/store");
    const { claimLease, LeaseLostError, streamLease } = await import("@/lib/leases/lease");
    const { db } = await import("@/lib/db/client");
    const { stream } = await createTestStream();
    const now = new Date();
    expect(await claimLease(streamLease(stream.id), "progress-test", now, 60_000)).toBe(true);
    const { recordProgress } = deliveryStore();
    await recordProgress!({
      streamId: stream.id,
      workerId: "progress-test",
      cursor: stream.cursor + 7n,
      delivered: 7,
      delayed: 3,
      now,
    });
    await recordProgress!({
      streamId: stream.id,
      workerId: "progress-test",
      cursor: stream.cursor + 9n,
      delivered: 2,
      delayed: 0,
      now,
    });
    await expect(
      recordProgress!({
        streamId: stream.id,
        workerId: "someone-else",
        cursor: stream.cursor + 20n,
        delivered: 11,
        delayed: 0,
        now,
      }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    const row = await db().logStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(row).toMatchObject({
      cursor: stream.cursor + 9n,
      deliveredTotal: 9n,
      lastDeliveredAt: now,
      failingSince: null,
    });
    const minutes = await db().streamMinuteStat.findMany({ where: { streamId: stream.id } });
    expect(minutes).toEqual([
      expect.objectContaining({
        minute: new Date(Math.floor(now.getTime() / 60_000) * 60_000),
        delivered: 9,
        failed: 0,
        delayed: 3,
      }),
    ]);
  });
});

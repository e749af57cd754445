// Events older than Datadog's window (a catch-up, a tenant pull from its oldest log) go as the
// database joins them, their date cut out and marked in SQL: the same text the JavaScript path
// (PII rules, filters) makes. Events stored before the date came first in the item (an
// upgrade) still go right. Runs on both databases (LOGSTREAMS_TEST_DATABASE=postgres).
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { fakeDatadogApiKey } from "../support/fake-key";
import {
  createTestStream,
  ingest,
  setUpDeliveryTests,
  testDispatcher,
  uniqueEvents,
  type FixtureEvent,
} from "../support/delivery";

const context = setUpDeliveryTests();

const HOUR_MS = 60 * 60 * 1000;

function dated(events: FixtureEvent[], date: Date | string): FixtureEvent[] {
  const text = typeof date === "string" ? date : date.toISOString();
  return events.map((event) => ({ ...event, data: { ...event.data, date: text } }));
}

async function lastSeq(): Promise<bigint> {
  const { db } = await import("@/lib/db/client");
  return (await db().event.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
}

/** What the current version stored: `date` after `message` (itemJson before the date came first). */
function storedTheOldWay(
  { log_id, data }: FixtureEvent,
  itemJson: (logId: string, data: Record<string, unknown>) => string,
): string {
  const { date, hostname, ...rest } = JSON.parse(itemJson(log_id, data)) as Record<string, unknown>;
  return JSON.stringify({ ...rest, date, hostname });
}

describe("events older than Datadog's window", () => {
  it("are joined by the database dated, cut or marked, byte for byte as the JavaScript path makes them", async () => {
    const now = new Date();
    // Non-ASCII, quotes and backslashes in the items: PostgreSQL's body comes as bytes (a binary COPY), not through a string.
    const old = dated(uniqueEvents(3), new Date(now.getTime() - 72 * HOUR_MS)).map((event): FixtureEvent => ({
      ...event,
      data: { ...event.data, description: 'Connexion réussie ✓ "à" \\ 東京' },
    }));
    // A date that parses with non-ASCII characters in it (Date#toString in German): the cuts land after them.
    const threeDaysAgo = new Date(now.getTime() - 72 * HOUR_MS).toString();
    old[0]!.data.date = threeDaysAgo.replace(/\(.*\)$/, "(Mitteleuropäische Normalzeit)");
    const ahead = dated(uniqueEvents(1), new Date(now.getTime() + 5 * HOUR_MS));
    const fresh = dated(uniqueEvents(2), now);
    const unparseable = dated(uniqueEvents(1), "not a date");
    const after = await lastSeq();
    await ingest([...old, ...ahead, ...fresh, ...unparseable]);

    const { eventStore, readEventsAfter } = await import("@/lib/events/store");
    const { fillBatch } = await import("@/lib/delivery/batch");
    const { datadogDestination: destination } = await import("@/lib/destinations/datadog");
    // The last tags quoted into PostgreSQL's COPY statement (COPY takes no parameters).
    for (const ddtags of [null, "env:test", "team:o'neil\\é,env:test"]) {
      const config = destination.configOf({
        datadogApiKey: fakeDatadogApiKey(),
        datadogRegion: "us",
        datadogTags: ddtags,
      });
      const { items: batchItems } = fillBatch(await readEventsAfter(after, 100), [], {
        destination,
        config,
        conceal: null,
        now,
      }).batch;
      const viaJavaScript = destination.encodeBody(batchItems.map((item) => item.json));
      const items = new Map(
        (JSON.parse(viaJavaScript) as Record<string, unknown>[]).map((item) => [item.log_id, item]),
      );
      for (const event of old)
        expect(items.get(event.log_id)).toMatchObject({
          log_streams: { delayed: true, original_date: event.data.date },
          data: { date: event.data.date },
        });
      for (const event of [...old, ...ahead]) expect(items.get(event.log_id)).not.toHaveProperty("date");
      expect(items.get(ahead[0]!.log_id)).toMatchObject({
        log_streams: { ahead: true, original_date: ahead[0]!.data.date },
      });
      for (const event of [...fresh, ...unparseable])
        expect(items.get(event.log_id)).toMatchObject({ date: event.data.date });
      if (ddtags) for (const item of items.values()) expect(item.ddtags).toBe(ddtags);

      // The database's joined read (SQLite's group_concat, PostgreSQL's string_agg) makes the same body.
      const { readJoined } = eventStore();
      if (!readJoined) continue;
      const joined = await readJoined(after, 100, { now, ddtags });
      expect({ unjoined: joined.unjoinedCount, delayed: joined.delayedCount }).toEqual({ unjoined: 0n, delayed: 3n });
      expect(joined.body!.toString()).toBe(viaJavaScript);
    }
  });

  it("windowedItemSql gives in either database the text of the JavaScript path, NULL where only JSON can decide", async () => {
    const now = new Date();
    const events = [
      ...dated(uniqueEvents(1), new Date(now.getTime() - 72 * HOUR_MS)),
      ...dated(uniqueEvents(1), new Date(now.getTime() + 5 * HOUR_MS)),
      ...dated(uniqueEvents(1), now),
      ...dated(uniqueEvents(1), "not a date"),
    ];
    const after = await lastSeq();
    await ingest(events);
    const { db } = await import("@/lib/db/client");
    const { resolveDatabase } = await import("@/lib/db/database-url");
    const { windowBounds } = await import("@/lib/events/datadog-window");
    const { itemJson, windowedItemSql } = await import("@/lib/events/item-json");
    const { itemForStream } = await import("@/lib/destinations/datadog/items");
    const oldWay = dated(uniqueEvents(1), new Date(now.getTime() - 72 * HOUR_MS))[0]!;
    await db().event.create({
      data: {
        logId: oldWay.log_id,
        type: "s",
        item: storedTheOldWay(oldWay, itemJson),
        dateMs: BigInt(Date.parse(String(oldWay.data.date))),
      },
    });

    const { oldestMs, newestMs } = windowBounds(now);
    const sent = windowedItemSql({
      item: `"item"`,
      dateMs: `"dateMs"`,
      oldestMs: String(oldestMs),
      newestMs: String(newestMs),
      database: resolveDatabase(process.env.DATABASE_URL).kind,
    });
    const rows = await db().$queryRawUnsafe<{ logId: string; sent: string | null }[]>(
      `SELECT "logId", ${sent} AS "sent" FROM "Event" WHERE "seq" > ${after} ORDER BY "seq"`,
    );
    const stored = await db().event.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.sent)).toEqual([
      ...stored.slice(0, -1).map((event) => itemForStream(event, { conceal: null, now })),
      null,
    ]);
  });

  it("are delivered without their date, marked delayed and counted as such, with tags", async () => {
    const apiKey = fakeDatadogApiKey();
    const { stream } = await createTestStream({
      sink: { datadogApiKey: apiKey, datadogRegion: "us", datadogTags: "env:test" },
    });
    const old = dated(uniqueEvents(4), new Date(Date.now() - 72 * HOUR_MS));
    await ingest(old);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const received = context.intake.received(apiKey);
    expect(received).toHaveLength(4);
    for (const item of received) {
      expect(item).not.toHaveProperty("date");
      expect(item).toMatchObject({ ddtags: "env:test", log_streams: { delayed: true, original_date: item.data.date } });
    }
    const { db } = await import("@/lib/db/client");
    const { getHealthSummary } = await import("@/lib/health/summary");
    const row = await db().logStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(await getHealthSummary(row, "1h")).toMatchObject({ deliveredInRange: 4, delayedInRange: 4 });
  });

  it("stored the old way (date after the message, with or without dateMs) are delivered right after an upgrade, with one date key at most", async () => {
    const { stream, apiKey } = await createTestStream();
    const { itemJson } = await import("@/lib/events/item-json");
    const { db } = await import("@/lib/db/client");
    const old = dated(uniqueEvents(2), new Date(Date.now() - 72 * HOUR_MS));
    const fresh = dated(uniqueEvents(2), new Date());
    const rows = [...old, ...fresh].map((event, index) => ({
      logId: event.log_id,
      type: String(event.data.type),
      item: storedTheOldWay(event, itemJson),
      // The first of each pair as stored before the dateMs column.
      dateMs: index % 2 === 0 ? null : BigInt(Date.parse(String(event.data.date))),
    }));
    await db().event.createMany({ data: rows });

    // The body as it goes out: one date key at most in each item's text.
    const { prepareBatch } = await import("@/lib/delivery/process-stream");
    await db().logStream.update({
      where: { id: stream.id },
      data: { leaseOwner: "upgrade-test", leaseExpiresAt: new Date(Date.now() + 60_000) },
    });
    const prepared = await prepareBatch(stream.id, "upgrade-test");
    const body = zlib.gunzipSync(prepared!.sendable!.body).toString();
    const parsed = JSON.parse(body) as Record<string, unknown>[];
    expect(parsed).toHaveLength(4);
    // A key twice in an object is once after parsing: as many "date" keys in the text as parsed.
    expect(body.match(/"date":/g)!.length).toBe(JSON.stringify(parsed).match(/"date":/g)!.length);
    expect(parsed.filter((item) => "date" in item).map((item) => item.log_id)).toEqual(
      fresh.map((event) => event.log_id),
    );
    await db().logStream.update({ where: { id: stream.id }, data: { leaseOwner: null, leaseExpiresAt: null } });

    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const received = new Map(context.intake.received(apiKey).map((item) => [item.log_id, item]));
    expect(received.size).toBe(4);
    for (const event of old) {
      expect(received.get(event.log_id)).not.toHaveProperty("date");
      expect(received.get(event.log_id)).toMatchObject({
        log_streams: { delayed: true, original_date: event.data.date },
        data: { date: event.data.date },
      });
    }
    for (const event of fresh)
      expect(received.get(event.log_id)).toMatchObject({ date: event.data.date, data: { date: event.data.date } });
  });
});

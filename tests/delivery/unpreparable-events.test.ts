import crypto from "node:crypto";
import Sqlite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import {
  createTestStream,
  failuresOf,
  streamRow,
  ingest,
  testDispatcher,
  uniqueEvents,
  setUpDeliveryTests,
} from "../support/delivery";

const context = setUpDeliveryTests();

/** A second connection to the test's SQLite file, as an operator would write to it. */
function withSqlite<T>(work: (sqlite: Sqlite.Database) => T): T {
  const sqlite = new Sqlite(process.env.DATABASE_URL!.replace(/^file:/, ""));
  try {
    return work(sqlite);
  } finally {
    sqlite.close();
  }
}

/**
 * Stores, past ingestion, an event nested 20,000 levels deep, as a version without the ingest
 * limit stored it; `padding` bytes take it past Datadog's 1 MB per log.
 */
async function storeDeepEvent(padding: number): Promise<string> {
  const logId = `deep-${crypto.randomBytes(4).toString("hex")}`;
  const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
  const data = `{"type":"s","email":"someone@example.com","padding":"${"x".repeat(padding)}","deep":${deep}}`;
  const item = `{"log_id":"${logId}","data":${data},"ddsource":"auth0","service":"auth0","message":"s"}`;
  const { db } = await import("@/lib/db/client");
  await db()
    .$executeRaw`INSERT INTO "Event" ("logId", "type", "item", "receivedAt") VALUES (${logId}, 's', ${item}, ${new Date()})`;
  return logId;
}

/** The stream's hold and cursor, read past Prisma (which cannot read the broken setting below). */
function holdOf(id: string) {
  return withSqlite((sqlite) =>
    sqlite
      .prepare(`SELECT "cursor", "heldReason", "heldSince", "heldUntil" FROM "LogStream" WHERE "id" = ?`)
      .safeIntegers(true)
      .get(id),
  ) as {
    cursor: bigint;
    heldReason: string | null;
    heldSince: unknown;
    heldUntil: unknown;
  };
}

describe("an event that cannot be prepared for Datadog", () => {
  it.each([
    ["without rules, over 1 MB (trimming overflows the stack)", {}, 1_100_000],
    ["with a PII rule (its walk overflows the stack)", { pii_config: { log_fields: ["email"], method: "mask" } }, 0],
  ])("%s becomes a failure record naming it, and the stream moves on", async (_, overrides, padding) => {
    const { stream, apiKey } = await createTestStream(overrides);
    const before = uniqueEvents(3);
    await ingest(before);
    const deepLogId = await storeDeepEvent(padding);
    const after = uniqueEvents(4);
    await ingest(after);

    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(
      [...before, ...after].map((e) => e.log_id),
    );
    const [failure, ...more] = await failuresOf(stream.id);
    expect(more).toHaveLength(0);
    expect(failure).toMatchObject({
      eventCount: 1,
      firstLogId: deepLogId,
      lastLogId: deepLogId,
      attempts: 0,
      statusCode: null,
    });
    expect(failure!.error).toBe(`Event ${deepLogId} cannot be prepared for Datadog: it is nested too deeply`);
    const row = await streamRow(stream.id);
    expect(row.heldReason).toBeNull();
    expect(row.status).toBe("active");

    // A replay of it fails with the same reason instead of erring.
    const { replayFailure } = await import("@/lib/delivery/replay");
    expect(await replayFailure(failure!.id)).toMatchObject({ result: "failed", error: failure!.error });
  });
});

describe("an event still over 1 MB once trimmed", () => {
  it("fails alone, by name, instead of taking its whole batch down with Datadog's refusal", async () => {
    const { stream, apiKey } = await createTestStream();
    const before = uniqueEvents(3);
    const [big] = uniqueEvents(1);
    // 1,500 top-level fields of 1 KB each: trimming keeps them all.
    for (let i = 0; i < 1_500; i++) big!.data[`field_${i}`] = "x".repeat(1_000);
    const after = uniqueEvents(4);
    await ingest([...before, big!, ...after]);

    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(
      [...before, ...after].map((e) => e.log_id),
    );
    expect(await failuresOf(stream.id)).toMatchObject([
      {
        eventCount: 1,
        firstLogId: big!.log_id,
        error: `Event ${big!.log_id} cannot be prepared for Datadog: it is over Datadog's 1 MB limit even when trimmed`,
      },
    ]);
  });
});

// PostgreSQL's JSON column cannot hold the broken setting this test stores.
describe.skipIf(process.env.LOGSTREAMS_TEST_DATABASE === "postgres")("an unexpected error in a delivery pass", () => {
  it("holds the stream back with the reason, retries it later, and releases it once a pass goes through", async () => {
    const { stream, apiKey } = await createTestStream();
    const events = uniqueEvents(5);
    await ingest(events);
    // A stored setting no version writes: reading it throws on every pass.
    withSqlite((sqlite) => sqlite.prepare(`UPDATE "LogStream" SET "piiConfig" = '{' WHERE "id" = ?`).run(stream.id));

    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const held = holdOf(stream.id);
    expect(held.heldReason).toMatch(
      /^delivery stopped on an unexpected error \(SyntaxError: .*\); it is retried automatically$/,
    );
    expect(held.heldUntil).not.toBeNull();
    expect(held.cursor).toBe(stream.cursor);

    // Held: a pass right after leaves it alone instead of failing on it again.
    const { dueStreamIds } = await import("@/lib/leases/lease");
    expect(await dueStreamIds(new Date(), "a-worker")).not.toContain(stream.id);
    expect((await dispatcher.runPass()).streams).toBe(0);
    expect(context.intake.requests(apiKey)).toHaveLength(0);

    // The next try, after the cause is gone, delivers everything and ends the hold.
    withSqlite((sqlite) =>
      sqlite.prepare(`UPDATE "LogStream" SET "piiConfig" = NULL, "heldUntil" = NULL WHERE "id" = ?`).run(stream.id),
    );
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(events.map((e) => e.log_id));
    const released = holdOf(stream.id);
    expect([released.heldReason, released.heldSince, released.heldUntil]).toEqual([null, null, null]);
  });

  it("waits longer the longer the hold lasts, up to 5 minutes", async () => {
    const { holdWaitMs } = await import("@/lib/delivery/hold");
    const now = new Date();
    const heldFor = (ms: number) => holdWaitMs(new Date(now.getTime() - ms), now);
    expect([heldFor(0), heldFor(1_000), heldFor(2_000), heldFor(64_000), heldFor(3_600_000)]).toEqual([
      1_000, 1_000, 2_000, 64_000, 300_000,
    ]);
  });
});

// A batch's outcome is recorded on SQLite's writer thread, which may be storing an ingest body
// meanwhile (~50-100 ms). The stream goes on sending while its record waits, within
// MAX_BATCHES_UNRECORDED, and the cursor still moves only past batches answered.
import Sqlite from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import {
  createTestStream,
  ingest,
  setUpDeliveryTests,
  streamRow,
  testDispatcher,
  uniqueEvents,
} from "../support/delivery";

const context = setUpDeliveryTests({ keepItems: false });

describe.skipIf(process.env.LOGSTREAMS_TEST_DATABASE === "postgres")("a record waiting for SQLite's write lock", () => {
  it("does not stop the stream's sending, and the cursor moves only past answered batches", async () => {
    const { MAX_BATCHES_IN_FLIGHT, MAX_BATCHES_UNRECORDED } = await import("@/lib/delivery/work-stream");
    const { resolveDatabase } = await import("@/lib/db/database-url");
    const { stream, apiKey } = await createTestStream();
    const events = uniqueEvents((MAX_BATCHES_UNRECORDED + 2) * 1000);
    await ingest(events);
    // Answers come late, so no batch is recorded before the lock below is taken.
    context.intake.setFault(apiKey, { delayMs: 1_000 });
    const database = resolveDatabase(process.env.DATABASE_URL);
    if (database.kind !== "sqlite") throw new Error("SQLite only");
    const locker = new Sqlite(database.filePath, { timeout: 5_000 });
    const { cursor } = await streamRow(stream.id);
    const { dispatcher } = await testDispatcher();
    const pass = dispatcher.runPass();
    let isLocked = false;
    try {
      // Once the stream is claimed, another connection holds the write lock: every record waits.
      await vi.waitFor(async () => expect((await streamRow(stream.id)).leaseOwner).not.toBeNull(), {
        timeout: 5_000,
        interval: 5,
      });
      locker.exec("BEGIN IMMEDIATE");
      isLocked = true;
      await vi.waitFor(
        () => expect(context.intake.requests(apiKey).length).toBeGreaterThanOrEqual(MAX_BATCHES_UNRECORDED),
        { timeout: 10_000, interval: 20 },
      );
      expect(MAX_BATCHES_UNRECORDED).toBeGreaterThan(MAX_BATCHES_IN_FLIGHT);
      expect((await streamRow(stream.id)).cursor).toBe(cursor);
    } finally {
      if (isLocked) locker.exec("ROLLBACK");
      locker.close();
      await pass;
    }
    const received = context.intake.received(apiKey).map((item) => item.log_id);
    expect(received).toHaveLength(events.length);
    expect(new Set(received)).toEqual(new Set(events.map((e) => e.log_id)));
    const row = await streamRow(stream.id);
    expect(row.deliveredTotal).toBe(BigInt(events.length));
  });
});

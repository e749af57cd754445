// The SQLite writer thread: ingested bodies and delivered batches are written there, in order,
// and a write it refuses comes back as the same error. A writing connection's checkpoints run on
// a thread of their own. On PostgreSQL the thread parses ingested bodies, which the event loop stores.
import fs from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { countStoredEvents, storedAuth0Events } from "../support/inspect-db";
import { createTestStream, uniqueEvents, useDeliveryEnvironment } from "../support/delivery";

const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);
let databaseUrl: string;
beforeAll(async () => {
  ({ databaseUrl } = await useDeliveryEnvironment());
});

/** The writer thread as lib/db/sqlite-writer.ts keeps it: read, not changed. */
const writerThread = () => (globalThis as { logStreamsSqliteWriter?: { isReady: boolean } }).logStreamsSqliteWriter;

describe.runIf(isPostgres)("ingesting on PostgreSQL", () => {
  it("parses a body on the writer thread and stores it whole, counting a repeated log_id once; a bad body stores nothing", async () => {
    const { ingestBody } = await import("@/lib/ingest/ingest");
    const events = uniqueEvents(2_500);
    expect(await ingestBody(Buffer.from(JSON.stringify([...events, events[0]!])))).toEqual({
      accepted: 2_500,
      duplicates: 1,
    });
    expect(writerThread()?.isReady).toBe(true);
    const ids = events.map((e) => e.log_id);
    expect(await countStoredEvents(databaseUrl, ids)).toBe(2_500);

    const refused = uniqueEvents(3);
    const body = JSON.stringify([...refused, { log_id: "y", data: {} }, { log_id: "x" }]);
    await expect(ingestBody(Buffer.from(body))).rejects.toMatchObject({
      code: "invalid_body",
      message: "index 4: data must be an object",
    });
    expect(
      await countStoredEvents(
        databaseUrl,
        refused.map((e) => e.log_id),
      ),
    ).toBe(0);
  });

  it("stores every event as sent, bodies one after another and at once, the memory of their parts used again", async () => {
    const { ingestBody } = await import("@/lib/ingest/ingest");
    const bodies = Array.from({ length: 8 }, () => uniqueEvents(2_500));
    // First a body of a few large events: its one part's memory, larger than a usual part's, is used again too.
    const large = uniqueEvents(3).map((event, i) => ({
      ...event,
      data: { ...event.data, note: `${i}`.repeat(1_200_000) },
    }));
    bodies.unshift(large);
    for (const events of bodies.slice(0, 5)) await ingestBody(Buffer.from(JSON.stringify(events)));
    // Each holding a log_id stored before, as a sender's retry does: their parts are copied a second time.
    const results = await Promise.all(
      bodies.slice(5).map((events, i) => ingestBody(Buffer.from(JSON.stringify([...events, bodies[i + 1]![i]!])))),
    );
    expect(results).toEqual(Array(4).fill({ accepted: 2_500, duplicates: 1 }));
    const sent = bodies.flat();
    const stored = await storedAuth0Events(
      databaseUrl,
      sent.map((e) => e.log_id),
    );
    expect(stored.size).toBe(sent.length);
    for (const event of sent) expect(JSON.parse(stored.get(event.log_id)!)).toEqual(event);
  });
});

describe.skipIf(isPostgres)("the SQLite writer thread", () => {
  it("stores a body, counting a repeated log_id once, and refuses a bad one with the API's error", async () => {
    const { ingestBody } = await import("@/lib/ingest/ingest");
    const events = uniqueEvents(2_500);
    expect(await ingestBody(Buffer.from(JSON.stringify([...events, events[0]!])))).toEqual({
      accepted: 2_500,
      duplicates: 1,
    });
    expect(
      await countStoredEvents(
        databaseUrl,
        events.map((e) => e.log_id),
      ),
    ).toBe(2_500);
    await expect(ingestBody(Buffer.from(JSON.stringify([{ log_id: "x" }])))).rejects.toMatchObject({
      code: "invalid_body",
      message: "index 0: data must be an object",
    });
  });

  it("records a delivered batch only under the stream's lease", async () => {
    const { recordOutcome } = await import("@/lib/delivery/record");
    const { claimLease, LeaseLostError, streamLease } = await import("@/lib/leases/lease");
    const { db } = await import("@/lib/db/client");
    const { stream } = await createTestStream();
    expect(await claimLease(streamLease(stream.id), "writer-test", new Date(), 60_000)).toBe(true);
    await recordOutcome(
      stream.id,
      "writer-test",
      { cursor: stream.cursor + 7n, parts: [{ kind: "delivered", count: 7, delayed: 0 }] },
      new Date(),
    );
    expect((await db().logStream.findUniqueOrThrow({ where: { id: stream.id } })).cursor).toBe(stream.cursor + 7n);
    await expect(
      recordOutcome(
        stream.id,
        "someone-else",
        { cursor: stream.cursor + 9n, parts: [{ kind: "delivered", count: 2, delayed: 0 }] },
        new Date(),
      ),
    ).rejects.toBeInstanceOf(LeaseLostError);
  });

  it("takes and gives back a lease on the writer thread: the event loop runs on while another connection holds the write lock", async () => {
    const { default: Sqlite } = await import("better-sqlite3");
    const { claimLease, releaseLease, streamLease } = await import("@/lib/leases/lease");
    const { db } = await import("@/lib/db/client");
    const { stream } = await createTestStream();
    const lease = streamLease(stream.id);
    const other = new Sqlite(databaseUrl.replace(/^file:/, ""));
    /** How late a 100 ms timer fires while `write` waits for the lock `other` holds; then the lock is let go. */
    const timerLatenessMs = async (write: () => Promise<unknown>) => {
      other.exec("BEGIN IMMEDIATE");
      const written = write();
      const started = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lateness = performance.now() - started - 100;
      other.exec("COMMIT");
      await written;
      return lateness;
    };
    try {
      // Before, the lease's UPDATE waited on the event loop: no timer fired until SQLite's busy timeout.
      expect(await timerLatenessMs(() => claimLease(lease, "lease-test", new Date(), 60_000))).toBeLessThan(1_000);
      expect((await db().logStream.findUniqueOrThrow({ where: { id: stream.id } })).leaseOwner).toBe("lease-test");
      expect(await timerLatenessMs(() => releaseLease(lease, "lease-test"))).toBeLessThan(1_000);
      expect((await db().logStream.findUniqueOrThrow({ where: { id: stream.id } })).leaseOwner).toBeNull();
    } finally {
      other.close();
    }
  });

  it("has the checkpoint thread copy what a write left in the log into the database file", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const { parseIngestBody } = await import("@/lib/ingest/parse");
    const file = databaseUrl.replace(/^file:/, "");
    await storeEvents(parseIngestBody(JSON.stringify(uniqueEvents(10))));
    const sizeBefore = fs.statSync(file).size;
    // ~400 pages: below SQLite's own 1000-page autocheckpoint, so only a checkpoint thread moves them.
    await storeEvents(parseIngestBody(JSON.stringify(uniqueEvents(1_000))));
    await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore + 500_000), {
      timeout: 5_000,
      interval: 100,
    });
  });
});

describe("a writer thread that stops while a body is in it", () => {
  it("refuses the body with a 503 to send again, stores none of it, and the next body starts a new thread", async () => {
    const { ingestBody } = await import("@/lib/ingest/ingest");
    await ingestBody(Buffer.from(JSON.stringify(uniqueEvents(1))));
    const thread = (writerThread() as { worker: { terminate(): Promise<number> } } | undefined)!;
    const events = uniqueEvents(5_000);
    const ids = events.map((e) => e.log_id);

    const ingesting = ingestBody(Buffer.from(JSON.stringify(events)));
    await thread.worker.terminate();
    await expect(ingesting).rejects.toMatchObject({ code: "service_unavailable", retryAfterSeconds: 1 });
    expect(await countStoredEvents(databaseUrl, ids)).toBe(0);

    expect(await ingestBody(Buffer.from(JSON.stringify(events)))).toEqual({ accepted: 5_000, duplicates: 0 });
    expect(writerThread()).not.toBe(thread);
  });
});

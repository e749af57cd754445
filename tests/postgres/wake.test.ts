import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { setUpDeliveryTests } from "../support/delivery";

const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);
if (!isPostgres)
  console.log("wake test: runs in npm test's PostgreSQL pass (LOGSTREAMS_TEST_DATABASE=postgres); skipped on SQLite");

/** A connection of the test's own, as another process (a web node, `npm run worker`) has. */
async function anotherProcess(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}

describe.skipIf(!isPostgres)("wakes between processes on PostgreSQL", () => {
  setUpDeliveryTests();

  it("reach a dispatcher listening in another process, for a stream made active and for events stored", async () => {
    const other = await anotherProcess();
    try {
      let heard = 0;
      other.on("notification", ({ channel }) => channel === "logstreams_wake" && heard++);
      await other.query("LISTEN logstreams_wake");
      const { wakeDispatchers } = await import("@/lib/events/wake");
      wakeDispatchers("stream");
      await vi.waitFor(() => expect(heard).toBe(1), { timeout: 10_000, interval: 10 });
      // Events stored: told too, once the spacing after the last NOTIFY has passed.
      wakeDispatchers("events");
      wakeDispatchers("events");
      await vi.waitFor(() => expect(heard).toBe(2), { timeout: 10_000, interval: 10 });
    } finally {
      await other.end();
    }
  });

  it("from another process are heard, and again once the listening connection was cut and opened anew", async () => {
    const other = await anotherProcess();
    const { onWake } = await import("@/lib/events/wake");
    let heard = 0;
    const stop = onWake(() => heard++);
    const listeners = async (): Promise<number[]> =>
      (
        await other.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN logstreams_wake'",
        )
      ).rows.map((row) => row.pid);
    try {
      // Once listening it is called once, for what it may have missed.
      await vi.waitFor(() => expect(heard).toBe(1), { timeout: 10_000, interval: 10 });
      const [first] = await listeners();
      expect(first).toBeDefined();
      await other.query("NOTIFY logstreams_wake");
      await vi.waitFor(() => expect(heard).toBe(2), { timeout: 10_000, interval: 10 });

      await other.query("SELECT pg_terminate_backend($1)", [first]);
      await vi.waitFor(() => expect(heard).toBe(3), { timeout: 30_000, interval: 50 });
      expect(await listeners()).not.toContain(first);
      await other.query("NOTIFY logstreams_wake");
      await vi.waitFor(() => expect(heard).toBe(4), { timeout: 10_000, interval: 10 });

      await stop();
      await vi.waitFor(async () => expect(await listeners()).toEqual([]), { timeout: 10_000, interval: 20 });
    } finally {
      await stop();
      await other.end();
    }
  });
});

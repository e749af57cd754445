import { describe, expect, it, vi } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents, workerProcesses } from "../support/delivery";

const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);
if (!isPostgres) console.log("multi-worker test: runs in npm test's PostgreSQL pass (LOGSTREAMS_TEST_DATABASE=postgres); skipped on SQLite");

const STREAMS = 20;
const EVENTS = 20_000;
const BATCH = 1000;

describe.skipIf(!isPostgres)("several workers on one PostgreSQL database", () => {
  // Only log_ids are kept: 400,000 deliveries.
  const context = setUpDeliveryTests({ keepItems: false });
  const workers = workerProcesses();

  it("share 20 streams, lose nothing when one is killed, and repeat only its batches in flight", async () => {
    const streams = await Promise.all(Array.from({ length: STREAMS }, () => createTestStream()));
    const events = uniqueEvents(EVENTS);
    for (let i = 0; i < EVENTS; i += 5_000) await ingest(events.slice(i, i + 5_000));

    const [victim, ...survivors] = [workers.start(), workers.start(), workers.start()];
    const { db } = await import("@/lib/db/client");
    const owners = new Set<string>();
    const sampleOwners = async () => {
      for (const row of await db().logStream.findMany({ select: { leaseOwner: true } })) if (row.leaseOwner) owners.add(row.leaseOwner.split(":")[1]!);
    };
    const delivered = () => streams.reduce((n, s) => n + context.intake.stats(s.apiKey).items, 0);

    await vi.waitFor(async () => {
      await sampleOwners();
      expect(delivered()).toBeGreaterThan((STREAMS * EVENTS) / 3);
    }, { timeout: 60_000, interval: 20 });
    const heldByVictim = (await db().logStream.findMany({ where: { leaseOwner: { contains: `:${victim!.pid}:` } }, select: { id: true } })).map((s) => s.id);
    victim!.kill("SIGKILL");

    await vi.waitFor(async () => {
      await sampleOwners();
      expect(streams.every((s) => new Set(context.intake.received(s.apiKey).map((i) => i.log_id)).size === EVENTS)).toBe(true);
    }, { timeout: 120_000, interval: 200 });

    for (const { stream, apiKey } of streams) {
      const ids = context.intake.received(apiKey).map((i) => i.log_id);
      const duplicates = ids.length - new Set(ids).size;
      // Only a batch the killed worker had in flight may arrive twice.
      if (heldByVictim.includes(stream.id)) expect(duplicates).toBeLessThanOrEqual(BATCH);
      else expect(duplicates).toBe(0);
    }
    // All three workers held streams at some point.
    expect(owners).toEqual(new Set([victim, ...survivors].map((w) => String(w!.pid))));
  });
});

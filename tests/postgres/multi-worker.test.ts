import { describe, expect, it, vi } from "vitest";
import { MAX_BATCHES_IN_FLIGHT } from "@/lib/delivery/work-stream";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents, workerProcesses } from "../support/delivery";

const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);
if (!isPostgres)
  console.log(
    "multi-worker test: runs in npm test's PostgreSQL pass (LOGSTREAMS_TEST_DATABASE=postgres); skipped on SQLite",
  );

const STREAMS = 20;
const EVENTS = 20_000;
const BATCH = 1000;

/** The worker's pid, from a lease owner `host:pid:random` (lib/leases/lease.ts). */
const pidOf = (leaseOwner: string) => leaseOwner.split(":")[1]!;

describe.skipIf(!isPostgres)("several workers on one PostgreSQL database", () => {
  // Only log_ids are kept: 400,000 deliveries.
  const context = setUpDeliveryTests({ keepItems: false });
  const workers = workerProcesses();

  it(
    "share 20 streams, lose nothing when one is killed, and repeat only its batches in flight",
    { timeout: 300_000 },
    async () => {
      const streams = await Promise.all(Array.from({ length: STREAMS }, () => createTestStream()));
      const events = uniqueEvents(EVENTS);
      for (let i = 0; i < EVENTS; i += 5_000) await ingest(events.slice(i, i + 5_000));

      const { db } = await import("@/lib/db/client");
      const leasesOf = async (pid: number | undefined) =>
        (await db().logStream.findMany({ where: { leaseOwner: { contains: `:${pid}:` } }, select: { id: true } })).map(
          (s) => s.id,
        );
      // The victim starts first and holds streams before the others start: a worker that starts late may
      // find every stream taken, and one that held nothing proves nothing when killed.
      // Leases outlive a slow renewal on a busy machine; a dead worker's are taken back at once (same host).
      const leaseTtl = { LOGSTREAMS_LEASE_TTL_SECONDS: "15" };
      const victim = workers.start(leaseTtl);
      await vi.waitFor(async () => expect((await leasesOf(victim.pid)).length).toBeGreaterThan(0), {
        timeout: 30_000,
        interval: 20,
      });
      const survivors = [workers.start(leaseTtl), workers.start(leaseTtl)];
      // Who delivered what, read from the database: a stream whose cursor moved between two looks
      // while the same worker held its lease was delivered by that worker.
      const lastLook = new Map<string, { owner: string | null; cursor: bigint }>();
      const deliveredBy = new Map<string, { streams: Set<string>; events: bigint }>();
      const look = async () => {
        for (const row of await db().logStream.findMany({ select: { id: true, leaseOwner: true, cursor: true } })) {
          const previous = lastLook.get(row.id);
          if (row.leaseOwner && previous?.owner === row.leaseOwner && row.cursor > previous.cursor) {
            const credit = deliveredBy.get(pidOf(row.leaseOwner)) ?? { streams: new Set(), events: 0n };
            credit.streams.add(row.id);
            credit.events += row.cursor - previous.cursor;
            deliveredBy.set(pidOf(row.leaseOwner), credit);
          }
          lastLook.set(row.id, { owner: row.leaseOwner, cursor: row.cursor });
        }
      };
      const delivered = () => streams.reduce((n, s) => n + context.intake.stats(s.apiKey).items, 0);

      await vi.waitFor(
        async () => {
          await look();
          expect(deliveredBy.get(String(victim.pid))?.events ?? 0n).toBeGreaterThan(0n);
          expect(delivered()).toBeGreaterThan((STREAMS * EVENTS) / 3);
        },
        { timeout: 60_000, interval: 20 },
      );
      // Frozen first, so the streams it holds are read while it can neither claim nor release one, and
      // before the others take them back (at once, since its process is gone).
      victim.kill("SIGSTOP");
      const heldByVictim = new Set(await leasesOf(victim.pid));
      victim.kill("SIGKILL");
      await new Promise((resolve) => victim.once("exit", resolve));

      await vi.waitFor(
        async () => {
          await look();
          expect(
            streams.every((s) => new Set(context.intake.received(s.apiKey).map((i) => i.log_id)).size === EVENTS),
          ).toBe(true);
        },
        { timeout: 180_000, interval: 50 },
      );

      let totalDuplicates = 0;
      for (const { stream, apiKey } of streams) {
        const ids = context.intake.received(apiKey).map((i) => i.log_id);
        const duplicates = ids.length - new Set(ids).size;
        totalDuplicates += duplicates;
        // Only the batches the killed worker had in flight on this stream may arrive twice.
        expect(duplicates, `duplicates on ${stream.id}`).toBeLessThanOrEqual(
          heldByVictim.has(stream.id) ? BATCH * MAX_BATCHES_IN_FLIGHT : 0,
        );
      }
      const summary = [victim, ...survivors].map((w) => {
        const credit = deliveredBy.get(String(w.pid));
        return `worker ${w.pid}${w === victim ? " (killed)" : ""}: ${credit?.streams.size ?? 0} streams, ~${credit?.events ?? 0n} events`;
      });
      console.log(
        `multi-worker test: ${summary.join("; ")}; the killed worker held ${heldByVictim.size} streams; ${totalDuplicates} duplicates`,
      );
      // The work was spread: every worker, the killed one before its death included, delivered some.
      for (const w of [victim, ...survivors])
        expect(deliveredBy.get(String(w.pid))?.streams.size ?? 0, `streams delivered by ${w.pid}`).toBeGreaterThan(0);
    },
  );
});

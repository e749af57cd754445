import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_BATCHES_IN_FLIGHT } from "@/lib/delivery/work-stream";
import { credentialEnv, newCredentials, startAppServer, type AppServer } from "../support/app-server";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents, workerProcesses } from "../support/delivery";

const context = setUpDeliveryTests();
const workers = workerProcesses();

describe("a worker killed mid-delivery", () => {
  it("loses no event after a restart and repeats at most the batches in flight", async () => {
    const { apiKey } = await createTestStream();
    // Enough that batches are still to be sent when the next request is made to hang.
    const events = uniqueEvents(4 * MAX_BATCHES_IN_FLIGHT * 1_000);
    await ingest(events);

    const first = workers.start();
    await vi.waitFor(() => expect(context.intake.received(apiKey).length).toBeGreaterThanOrEqual(2_000), {
      timeout: 30_000,
      interval: 20,
    });
    context.intake.setFault(apiKey, { hang: true, times: 1 });
    await vi.waitFor(() => expect(context.intake.requests(apiKey).some((r) => r.status === 0)).toBe(true), {
      timeout: 10_000,
      interval: 10,
    });
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const deliveredBeforeKill = context.intake.received(apiKey).length;
    expect(deliveredBeforeKill).toBeLessThan(events.length);

    workers.start();
    await vi.waitFor(
      () => expect(new Set(context.intake.received(apiKey).map((i) => i.log_id)).size).toBe(events.length),
      {
        timeout: 30_000,
        interval: 50,
      },
    );

    const received = context.intake.received(apiKey).map((i) => i.log_id);
    expect(received.length - new Set(received).size).toBeLessThanOrEqual(MAX_BATCHES_IN_FLIGHT * 1_000);
    expect(new Set(received)).toEqual(new Set(events.map((e) => e.log_id)));
  });
});

describe("a worker restarted on the same host", () => {
  it("takes back the leases its killed predecessor held at once, not after their time to live", async () => {
    // 600 s: waiting the leases out, as a claim used to, would fail the test's 30 s deadline by far.
    const longLease = { LOGSTREAMS_LEASE_TTL_SECONDS: "600" };
    const { stream, apiKey } = await createTestStream();
    const events = uniqueEvents(3_000);
    await ingest(events);
    context.intake.setFault(apiKey, { hang: true });

    const first = workers.start(longLease);
    const { db } = await import("@/lib/db/client");
    await vi.waitFor(() => expect(context.intake.requests(apiKey).length).toBeGreaterThan(0), {
      timeout: 30_000,
      interval: 20,
    });
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const { leaseOwner, leaseExpiresAt } = await db().logStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(leaseOwner).toContain(`:${first.pid}:`);
    expect(leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 500_000);

    context.intake.setFault(apiKey, null);
    workers.start(longLease);
    await vi.waitFor(() => expect(new Set(context.intake.received(apiKey).map((i) => i.log_id)).size).toBe(3_000), {
      timeout: 30_000,
      interval: 50,
    });
  });
});

describe("a worker or an app stopped by SIGTERM mid-delivery", () => {
  const apps: AppServer[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.stop()));
  });

  // A 600 s lease: one left behind would still be held, well past the checks below.
  const longLease = { LOGSTREAMS_LEASE_TTL_SECONDS: "600" };
  const start: Record<"worker" | "app", () => Promise<ChildProcess>> = {
    worker: async () => workers.start(longLease),
    app: async () => {
      const app = await startAppServer({
        ...credentialEnv({ ...newCredentials(), secret: process.env.LOGSTREAMS_SECRET! }),
        ...longLease,
        DATABASE_URL: process.env.DATABASE_URL!,
        DATADOG_INTAKE_URL_TEMPLATE: context.intake.urlTemplate,
        DATADOG_API_URL_TEMPLATE: context.intake.apiUrlTemplate,
      });
      apps.push(app);
      return app.process;
    },
  };

  it.each(["worker", "app"] as const)(
    "the %s finishes its batches in flight, releases the lease and exits: nothing lost, nothing sent twice",
    async (kind) => {
      const { stream, apiKey } = await createTestStream();
      // The intake keeps a batch's items as it answers, so the first items show up when the first batches in
      // flight are answered, and the next ones may be sent at once: more events than two such waves, so that
      // the signal, sent long before the second wave's answers, always comes mid-delivery.
      const events = uniqueEvents(4 * MAX_BATCHES_IN_FLIGHT * 1_000);
      await ingest(events);
      // Every answer comes late, so batches are in flight whenever the signal comes.
      context.intake.setFault(apiKey, { delayMs: 500 });

      const child = await start[kind]();
      await vi.waitFor(() => expect(context.intake.received(apiKey).length).toBeGreaterThan(0), {
        timeout: 60_000,
        interval: 20,
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      expect(context.intake.received(apiKey).length).toBeLessThan(events.length);

      // Released, not left to expire: a process on any host claims the stream at once.
      const { db } = await import("@/lib/db/client");
      expect(
        await db().logStream.findUniqueOrThrow({
          where: { id: stream.id },
          select: { leaseOwner: true, leaseExpiresAt: true },
        }),
      ).toEqual({ leaseOwner: null, leaseExpiresAt: null });
      const { claimLease, releaseLease, streamLease } = await import("@/lib/leases/lease");
      expect(await claimLease(streamLease(stream.id), "another-host:1:test", new Date(), 60_000)).toBe(true);
      await releaseLease(streamLease(stream.id), "another-host:1:test");

      context.intake.setFault(apiKey, null);
      workers.start(longLease);
      await vi.waitFor(
        () => expect(new Set(context.intake.received(apiKey).map((i) => i.log_id)).size).toBe(events.length),
        { timeout: 30_000, interval: 50 },
      );
      // The batches in flight were answered and recorded before the exit: none is sent again.
      expect(context.intake.received(apiKey).length).toBe(events.length);
    },
  );
});

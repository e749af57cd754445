import { describe, expect, it, vi } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents, workerProcesses } from "../support/delivery";

const context = setUpDeliveryTests();

describe("the worker's log", () => {
  const workers = workerProcesses();

  it("has one JSON line with stream_id for a retry, a failure, a suspension and a lease taken from a dead worker, and no key", async () => {
    const retried = await createTestStream();
    const failed = await createTestStream();
    const suspended = await createTestStream();
    const orphaned = await createTestStream();
    context.intake.setFault(retried.apiKey, { status: 503, times: 1 });
    context.intake.setFault(failed.apiKey, { status: 400, times: 1 });
    context.intake.setFault(suspended.apiKey, { status: 403, echoApiKey: true });
    const { db } = await import("@/lib/db/client");
    await db().logStream.update({
      where: { id: orphaned.stream.id },
      data: { leaseOwner: "dead-host:1:abcdef", leaseExpiresAt: new Date(Date.now() - 60_000) },
    });
    await ingest(uniqueEvents(6));

    const { output, line } = workers.startLogged("info");

    await vi.waitFor(
      () => {
        expect(line("delivery retry scheduled", retried.stream.id)).toMatchObject({ status_code: 503, attempt: 1 });
        expect(line("delivery failure recorded", failed.stream.id)).toMatchObject({
          status_code: 400,
          event_count: 6,
          attempts: 1,
        });
        expect(line("delivery failure recorded", suspended.stream.id)).toMatchObject({
          status_code: 403,
          event_count: 6,
        });
        expect(line("stream suspended", suspended.stream.id)).toBeDefined();
        expect(line("lease taken over from a worker that stopped renewing it", orphaned.stream.id)).toMatchObject({
          previous_worker: "dead-host:1:abcdef",
        });
      },
      { timeout: 30_000, interval: 100 },
    );
    for (const { apiKey } of [retried, failed, suspended, orphaned]) expect(output()).not.toContain(apiKey);
  });
});

import { spawn } from "node:child_process";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ROOT } from "../support/app-server";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents } from "../support/delivery";

const context = setUpDeliveryTests();

describe("the worker's log", () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

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

    let output = "";
    const worker = spawn(process.execPath, ["dist/worker.mjs"], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(worker);
    worker.stdout!.on("data", (d) => (output += d));
    worker.stderr!.on("data", (d) => (output += d));
    const lines = () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = (msg: string, streamId: string) => lines().find((l) => l.msg === msg && l.stream_id === streamId);

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
    for (const { apiKey } of [retried, failed, suspended, orphaned]) expect(output).not.toContain(apiKey);
  });
});

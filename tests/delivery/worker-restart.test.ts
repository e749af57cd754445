import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { IntakeServer } from "@/lib/intake-standin/intake-server";
import { ROOT } from "../support/app-server";
import { createTestStream, ingest, uniqueEvents, useDeliveryEnvironment } from "../support/delivery";

let intake: IntakeServer;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  ({ intake } = await useDeliveryEnvironment());
});
afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await intake.close();
});

/** `npm run worker`'s command as one real child process (no npm or tsx parent to outlive a SIGKILL). */
function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, LOGSTREAMS_LEASE_TTL_SECONDS: "2", LOG_LEVEL: "silent" },
    stdio: "ignore",
  });
  workers.push(worker);
  return worker;
}

describe("a worker killed mid-delivery", () => {
  it("loses no event after a restart and repeats at most the batch in flight", async () => {
    const { apiKey } = await createTestStream();
    const events = uniqueEvents(5_000);
    await ingest(events);

    const first = startWorker();
    await vi.waitFor(() => expect(intake.received(apiKey).length).toBeGreaterThanOrEqual(2_000), { timeout: 30_000, interval: 20 });
    intake.setFault(apiKey, { hang: true, times: 1 });
    await vi.waitFor(() => expect(intake.requests(apiKey).some((r) => r.status === 0)).toBe(true), { timeout: 10_000, interval: 10 });
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const deliveredBeforeKill = intake.received(apiKey).length;
    expect(deliveredBeforeKill).toBeLessThan(5_000);

    startWorker();
    await vi.waitFor(() => expect(new Set(intake.received(apiKey).map((i) => i.log_id)).size).toBe(5_000), { timeout: 30_000, interval: 50 });

    const received = intake.received(apiKey).map((i) => i.log_id);
    expect(received.length - new Set(received).size).toBeLessThanOrEqual(1_000);
    expect(new Set(received)).toEqual(new Set(events.map((e) => e.log_id)));
  });
});

import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { IntakeServer } from "@/standins/intake-server";
import { MAX_BATCHES_IN_FLIGHT } from "@/lib/delivery/work-stream";
import { startPgCluster, type PgCluster } from "@/tools/pg-cluster";
import { ROOT } from "../support/app-server";
import { createTestStream, ingest, uniqueEvents, useDeliveryEnvironment } from "../support/delivery";

const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);
if (!isPostgres)
  console.log("outage test: runs in npm test's PostgreSQL pass (LOGSTREAMS_TEST_DATABASE=postgres); skipped on SQLite");

/** The worker's alert check polls every 5 s and its dispatcher every 0.5 s: a line per try would show several times in this window. */
const OUTAGE_WINDOW_MS = 12_000;

describe.skipIf(!isPostgres)("a worker while PostgreSQL is down", () => {
  let cluster: PgCluster;
  let intake: IntakeServer;
  let worker: ChildProcess | undefined;
  let output = "";
  const lines = () =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; msg: string });

  beforeAll(async () => {
    // A cluster of its own, stopped and started by the test: the suite's shared one stays up.
    cluster = await startPgCluster();
    process.env.LOGSTREAMS_TEST_PG_URL = cluster.url;
    ({ intake } = await useDeliveryEnvironment());
  });
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await intake.close();
    cluster.stop();
  });

  it("logs the outage once and its end once, and delivers again at once with the lease it held", async () => {
    const { stream, apiKey } = await createTestStream();
    // More batches than go out at once (MAX_BATCHES_IN_FLIGHT): when the first answers come, the worker
    // sends the rest and still holds the lease. With all of them answered at once, it could release the
    // lease before the check below.
    const events = uniqueEvents((MAX_BATCHES_IN_FLIGHT + 2) * 1_000);
    await ingest(events);
    // The intake answers late: the worker holds the stream's lease, batches in flight, when the database goes.
    intake.setFault(apiKey, { delayMs: 3_000 });
    // A 600 s lease: waiting its own lease out after the outage would fail the deadline below by far.
    worker = spawn(process.execPath, ["dist/worker.mjs"], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "info", LOGSTREAMS_LEASE_TTL_SECONDS: "600" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout!.on("data", (chunk) => (output += chunk));
    worker.stderr!.on("data", (chunk) => (output += chunk));
    await vi.waitFor(() => expect(intake.requests(apiKey).length).toBeGreaterThan(0), {
      timeout: 30_000,
      interval: 20,
    });
    const { db } = await import("@/lib/db/client");
    expect((await db().logStream.findUniqueOrThrow({ where: { id: stream.id } })).leaseOwner).toContain(
      `:${worker.pid}:`,
    );

    cluster.pause();
    const outageStartedAt = Date.now();
    const linesBefore = lines().length;
    // Matched against every message, so that a failure shows what the worker said instead.
    await vi.waitFor(
      () => expect(lines().map((line) => line.msg)).toContainEqual(expect.stringMatching(/^database unreachable/)),
      { timeout: 20_000, interval: 100 },
    );
    // Not a wait for readiness: the window in which the lines are counted.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageStartedAt + OUTAGE_WINDOW_MS - Date.now())));
    const warnings = lines()
      .slice(linesBefore)
      .filter((line) => line.level >= 40)
      .map((line) => line.msg);
    expect(warnings).toEqual([
      "database unreachable: requests are answered 503 with Retry-After; delivery, alerts and the Auth0 pull wait and retry until it answers",
    ]);
    expect(worker.exitCode).toBeNull();

    intake.setFault(apiKey, null);
    cluster.resume();
    await vi.waitFor(
      () => expect(lines().some((line) => /^database reachable again after \d+ s$/.test(line.msg))).toBe(true),
      { timeout: 30_000, interval: 100 },
    );
    await vi.waitFor(
      () => expect(new Set(intake.received(apiKey).map((item) => item.log_id)).size).toBe(events.length),
      { timeout: 30_000, interval: 50 },
    );
    expect(lines().filter((line) => line.msg.startsWith("database reachable again"))).toHaveLength(1);
  });
});

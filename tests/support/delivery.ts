import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startIntakeServer, type IntakeServer } from "@/standins/intake-server";
import { ROOT, createTempDatabase } from "./app-server";
import { fakeDatadogApiKey } from "./fake-key";

export const FIXTURE_EVENTS_FILE = path.resolve(ROOT, "tests/fixtures/auth0-events.ndjson");

export type FixtureEvent = { log_id: string; data: Record<string, unknown> };

/** The project's Auth0 fixture events (tools/generate-fixtures.ts): every filter category and type code. */
export function fixtureEvents(): FixtureEvent[] {
  return fs
    .readFileSync(FIXTURE_EVENTS_FILE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as FixtureEvent);
}

/** `count` fixture events (cycled) with fresh unique log_ids. */
export function uniqueEvents(count: number, prefix = crypto.randomBytes(4).toString("hex")): FixtureEvent[] {
  const base = fixtureEvents();
  return Array.from({ length: count }, (_, i) => {
    const event = base[i % base.length]!;
    const logId = `${prefix}-${i}`;
    return { log_id: logId, data: { ...event.data, log_id: logId } };
  });
}

/**
 * For in-process delivery tests: a fresh SQLite file and a loopback intake, wired through the
 * environment before any lib code reads it. Call in beforeAll, before the first db() call.
 */
export async function useDeliveryEnvironment(
  options: { keepItems?: boolean } = {},
): Promise<{ intake: IntakeServer; databaseUrl: string }> {
  const database = await createTempDatabase();
  const intake = await startIntakeServer({ keepItems: options.keepItems });
  process.env.DATABASE_URL = database.url;
  process.env.DATADOG_INTAKE_URL_TEMPLATE = intake.urlTemplate;
  process.env.DATADOG_API_URL_TEMPLATE = intake.apiUrlTemplate;
  process.env.LOGSTREAMS_SECRET = crypto.randomBytes(32).toString("hex");
  process.env.LOG_LEVEL = "silent";
  return { intake, databaseUrl: database.url };
}

/** Creates an active Datadog stream (unique name and key) through the same code the API uses. */
export async function createTestStream(overrides: Record<string, unknown> = {}) {
  const { createStreamSchema } = await import("@/lib/streams/schemas");
  const { createStream } = await import("@/lib/streams/streams");
  const apiKey = fakeDatadogApiKey();
  const input = createStreamSchema.parse({
    name: `test ${crypto.randomBytes(4).toString("hex")}`,
    type: "datadog",
    sink: { datadogApiKey: apiKey, datadogRegion: "us" },
    ...overrides,
  });
  return { stream: await createStream(input), apiKey };
}

/** The stream's failure records, oldest first. */
export async function failuresOf(streamId: string) {
  const { db } = await import("@/lib/db/client");
  return db().deliveryFailure.findMany({ where: { streamId }, orderBy: { occurredAt: "asc" } });
}

/** The stream's row as stored (status, cursor, totals). */
export async function streamRow(id: string) {
  const { db } = await import("@/lib/db/client");
  return db().logStream.findUniqueOrThrow({ where: { id } });
}

/** Stores events through the ingestion code path. */
export async function ingest(events: FixtureEvent[]) {
  const { storeEvents } = await import("@/lib/events/store");
  const { parseIngestBody } = await import("@/lib/ingest/parse");
  return storeEvents(parseIngestBody(JSON.stringify(events)));
}

/** A dispatcher whose waits are recorded instead of slept, so retry tests take milliseconds. */
export async function testDispatcher(options: { timeoutMs?: number; workerId?: string; pollIntervalMs?: number } = {}) {
  const { createDispatcher } = await import("@/lib/delivery/dispatcher");
  const sleeps: number[] = [];
  const dispatcher = createDispatcher({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    timeoutMs: options.timeoutMs ?? 5_000,
    workerId: options.workerId,
    pollIntervalMs: options.pollIntervalMs,
  });
  return { dispatcher, sleeps };
}

/**
 * Skip to now drops the 4 events waiting for the stream; then one worker delivers 3 new events, and a
 * second one (the lease released, as after a restart) the next 3. The 6, in the order they should arrive.
 */
export async function skipThenRestart(streamId: string): Promise<FixtureEvent[]> {
  await ingest(uniqueEvents(4));
  const { skipToNow } = await import("@/lib/delivery/skip");
  expect(await skipToNow(streamId, new Date())).toBe(4);
  const first = uniqueEvents(3);
  await ingest(first);
  await (await testDispatcher({ workerId: "first" })).dispatcher.runPass();
  const second = uniqueEvents(3);
  await ingest(second);
  const { db } = await import("@/lib/db/client");
  await db().logStream.update({ where: { id: streamId }, data: { leaseOwner: null, leaseExpiresAt: null } });
  await (await testDispatcher({ workerId: "second" })).dispatcher.runPass();
  return [...first, ...second];
}

/**
 * The hooks every in-process delivery test file needs: a fresh database and intake before the
 * file, no stream left over between tests, the intake closed after. `intake` is set in beforeAll.
 */
export function setUpDeliveryTests(options: { keepItems?: boolean } = {}) {
  const context = {} as { intake: IntakeServer };
  beforeAll(async () => {
    context.intake = (await useDeliveryEnvironment(options)).intake;
  });
  afterEach(async () => {
    const { db } = await import("@/lib/db/client");
    await db().logStream.deleteMany();
  });
  afterAll(() => context.intake.close());
  return context;
}

/**
 * Starts `npm run worker`'s dispatcher as one child process (no npm parent to outlive a SIGKILL):
 * `start` silent with a 2 s lease unless `env` says otherwise, `startLogged` with its log read; all
 * are killed after each test.
 */
export function workerProcesses() {
  const workers: ChildProcess[] = [];
  afterEach(async () => {
    const running = workers.splice(0).filter((worker) => worker.exitCode === null && worker.signalCode === null);
    await Promise.all(running.map((worker) => new Promise((resolve) => worker.once("exit", resolve).kill("SIGKILL"))));
  });
  function spawnWorker(env: Record<string, string>, stdio: StdioOptions): ChildProcess {
    const worker = spawn(process.execPath, ["dist/worker.mjs"], { cwd: ROOT, env: { ...process.env, ...env }, stdio });
    workers.push(worker);
    return worker;
  }
  return {
    start(env: Record<string, string> = {}): ChildProcess {
      return spawnWorker({ LOGSTREAMS_LEASE_TTL_SECONDS: "2", LOG_LEVEL: "silent", ...env }, "ignore");
    },
    /** A worker logging at `logLevel`: `output()` is its log so far, `line()` the first JSON line with that message about that stream. */
    startLogged(logLevel: string) {
      const worker = spawnWorker({ LOG_LEVEL: logLevel }, ["ignore", "pipe", "pipe"]);
      let output = "";
      worker.stdout!.on("data", (d) => (output += d));
      worker.stderr!.on("data", (d) => (output += d));
      const lines = () =>
        output
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      return {
        output: () => output,
        line: (msg: string, streamId: string) => lines().find((l) => l.msg === msg && l.stream_id === streamId),
      };
    },
  };
}

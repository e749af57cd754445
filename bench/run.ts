// npm run bench — delivery benchmarks against the app started as `npm start` does and a loopback intake.
// Flags: --events 50000 --streams 5 --latency 200 --backlog 1000000 (smaller numbers give a quick run);
// --db postgres compares PostgreSQL with SQLite in one run (bench/workers.ts): ingest, and a backlog drained
// by --workers 1,3 worker processes against the SQLite app's dispatcher (--only ingest or workers);
// --rounds 3 measures ceiling and end-to-end that many times (medians); --only end-to-end,fan-out runs
// just those parts (and the ceiling); --cpu-prof DIR writes the app's CPU profiles there;
// --senders 48 sets how many send at once in the overload part (--only overload-memory: the same
// against `npm start`, the peak RSS of its whole process group); --only backfill measures events
// dated 3 days ago (a catch-up after a long outage) end-to-end; --only cold restarts the app
// --rounds times and measures each first round against a ceiling measured just before it, and
// against a second round on the same start; --no-build reuses the last build in .next-bench and dist/
// (a second run of the same code).
// --destination http|splunk|sumo measures that destination against its own ceiling (bench/destinations.ts).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";
import { Agent } from "undici";
import { itemText } from "@/lib/events/item-json";
import { parseIngestBody } from "@/lib/ingest/parse";
import { ROOT, createTempDatabase } from "@/tests/support/app-server";
import type { OverloadResult } from "./overload";
import type { BenchedType } from "./destinations";
import { POSTGRES_PARTS, benchWorkers, type PostgresPart } from "./workers";
import {
  gzip,
  benchEvents,
  benchTokens,
  cpuUsedMs,
  descendantsRss,
  INGEST_BODY_EVENTS,
  ingestBodies,
  intakeBatches,
  median,
  percentile,
  postIngest,
  postToIntake,
  processGroupRss,
  progress,
  startApp,
  startIntakeProcess,
  untilIdle,
  managementApi,
} from "./support";

const { values: flags } = parseArgs({
  options: {
    events: { type: "string", default: "50000" },
    streams: { type: "string", default: "5" },
    latency: { type: "string", default: "200" },
    backlog: { type: "string", default: "1000000" },
    db: { type: "string", default: "sqlite" },
    workers: { type: "string", default: "1,3" },
    rounds: { type: "string", default: "3" },
    only: { type: "string" },
    "cpu-prof": { type: "string" },
    senders: { type: "string", default: "48" },
    "no-build": { type: "boolean", default: false },
    destination: { type: "string" },
  },
});
const EVENTS = Number(flags.events);
const STREAMS = Number(flags.streams);
const LATENCY_SAMPLES = Number(flags.latency);
const BACKLOG = Number(flags.backlog);
/** Ceiling and end-to-end are each measured this many times, alternately, and their medians compared. */
const ROUNDS = Number(flags.rounds);
/** The intake's answer time in the "distant intake" measures: a round trip to a Datadog site from another region. */
const DISTANT_INTAKE_DELAY_MS = 50;
const BENCH_DIST_DIR = ".next-bench";
/** Overload: this many senders at once (the figure), each with OVERLOAD_BODIES_PER_SENDER 5,000-event bodies. */
const OVERLOAD_SENDERS = Number(flags.senders);
/** Two each, so that senders whose first body got 202 keep the app loaded while the refused ones wait. */
const OVERLOAD_BODIES_PER_SENDER = 2;
/** The backfill part's events are this old: past Datadog's 18-hour window, as after a long outage or a tenant pull from its oldest log. */
const BACKFILL_AGE_MS = 3 * 24 * 60 * 60 * 1000;
const PARTS = [
  "memory",
  "ingest",
  "end-to-end",
  "backfill",
  "cold",
  "distant",
  "latency",
  "fan-out",
  "overload",
  "overload-memory",
] as const;
const partsOfDb: readonly string[] = flags.db === "postgres" ? POSTGRES_PARTS : PARTS;
const selectedParts = flags.only?.split(",") ?? [...partsOfDb];
for (const part of selectedParts)
  if (!partsOfDb.includes(part)) throw new Error(`--only: unknown part ${part}; the parts are ${partsOfDb.join(", ")}`);
const runs = (part: (typeof PARTS)[number]) => selectedParts.includes(part);
const run = crypto.randomBytes(3).toString("hex");

const tokens = benchTokens(run);

console.log(
  `Log Streams benchmark — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(`events ${EVENTS}, streams ${STREAMS}, latency samples ${LATENCY_SAMPLES}, backlog ${BACKLOG}`);

function buildApp() {
  if (flags["no-build"]) return;
  console.log(`building the current code into ${BENCH_DIST_DIR}…`);
  const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR },
    stdio: "ignore",
  });
  if (build.status !== 0) throw new Error("next build failed; run it by hand to see why");
  if (spawnSync(process.execPath, ["tools/build-workers.mjs"], { cwd: ROOT, stdio: "inherit" }).status !== 0)
    throw new Error("bundling the workers failed");
}

const profileDir = flags["cpu-prof"] && path.resolve(flags["cpu-prof"]);
// The profiles are written as the app exits, when a missing folder could no longer be reported.
if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
const profiling: Record<string, string> = profileDir
  ? { NODE_OPTIONS: `--require ${path.join(ROOT, "bench/cpu-profile.cjs")}`, LOGSTREAMS_CPU_PROFILE_DIR: profileDir }
  : {};

if (flags.db === "postgres") {
  buildApp();
  await benchWorkers({
    parts: selectedParts as PostgresPart[],
    workerCounts: flags.workers.split(",").map(Number),
    events: EVENTS,
    streams: STREAMS,
    rounds: ROUNDS,
    distDir: BENCH_DIST_DIR,
    cpuProfileDir: profileDir || undefined,
  });
  process.exit(0);
}

if (flags.destination) {
  const { BENCHED_DESTINATIONS, benchDestination } = await import("./destinations");
  if (!(BENCHED_DESTINATIONS as readonly string[]).includes(flags.destination))
    throw new Error(
      `--destination: unknown type ${flags.destination}; the types are ${BENCHED_DESTINATIONS.join(", ")}`,
    );
  buildApp();
  await benchDestination({
    type: flags.destination as BenchedType,
    events: EVENTS,
    rounds: ROUNDS,
    distDir: BENCH_DIST_DIR,
    appEnv: profiling,
  });
  process.exit(0);
}

const database = await createTempDatabase();
if (database.kind !== "sqlite")
  throw new Error("the benchmark loads its backlog into a SQLite file; unset LOGSTREAMS_TEST_PG_URL");
// Built before the intake starts, so that a failed build leaves no intake process behind.
buildApp();
console.log("starting it as npm start does (migrate, serve)…");
const intake = await startIntakeProcess();
process.on("exit", () => intake.stop());
const startBenchApp = (how?: { viaNpm: boolean }) =>
  startApp(
    {
      ...tokens,
      ...profiling,
      NEXT_DIST_DIR: BENCH_DIST_DIR,
      DATABASE_URL: database.url,
      DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
    },
    how,
  );
let app = await startBenchApp();
await untilIdle(app.process.pid!);

// The app's address at the call: the cold part starts the app again.
const apiCall = (method: string, route: string, body?: unknown) =>
  managementApi(app.url, tokens.LOGSTREAMS_API_TOKEN)(method, route, body);

async function createStream(apiKey: string, status: "active" | "paused" = "active") {
  const stream = await apiCall("POST", "/api/v2/log-streams", {
    name: `bench ${apiKey}`,
    type: "datadog",
    sink: { datadogApiKey: apiKey, datadogRegion: "us" },
  });
  if (status === "paused") await apiCall("PATCH", `/api/v2/log-streams/${stream.id}`, { status: "paused" });
  return stream.id;
}

const ingestAgent = new Agent({ keepAliveTimeout: 30_000 });
const ingest = (body: Buffer) => postIngest(app.url, tokens.LOGSTREAMS_INGEST_TOKEN, body, ingestAgent);

async function ingestAll(bodies: Buffer[], report: (text: string) => void) {
  for (const [index, body] of bodies.entries()) {
    await ingest(body);
    report(`ingested body ${index + 1}/${bodies.length}`);
  }
}

/** Waits until every key has `count` items at the intake; returns when the last one arrived. */
async function waitForDelivery(keys: string[], count: number, report: (text: string) => void): Promise<number> {
  for (;;) {
    const stats = await Promise.all(keys.map((key) => intake.client.stats(key)));
    const received = stats.reduce((n, s) => n + s.items, 0);
    report(`delivered ${received}/${count * keys.length}`);
    if (stats.every((s) => s.items >= count)) return Math.max(...stats.map((s) => s.lastAt ?? 0));
    // The intake stamps each arrival, so polling rarely costs no precision, and leaves the CPU to the app.
    await new Promise((r) => setTimeout(r, 200));
  }
}

process.on("exit", () => {
  try {
    process.kill(-app.process.pid!, "SIGKILL");
  } catch {
    // already stopped
  }
});

const results: Record<string, number> = {};
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

// 1. Memory first, while the app is fresh: peak RSS while a backlog drains (loaded straight into the database).
if (runs("memory")) {
  const report = progress("memory");
  const key = `backlog-${run}`;
  const id = await createStream(key, "paused");
  const sqlite = new Sqlite(database.filePath, { timeout: 15_000 });
  const insert = sqlite.prepare(
    `INSERT INTO "Event" ("logId", "type", "item", "dateMs", "receivedAt") VALUES (?, ?, ?, ?, ?)`,
  );
  const receivedAt = new Date().toISOString().replace("Z", "+00:00");
  for (let i = 0; i < BACKLOG; i += 50_000) {
    // The rows ingestion would store for these events.
    const events = parseIngestBody(JSON.stringify(benchEvents(Math.min(50_000, BACKLOG - i), `${run}-backlog-${i}`)));
    sqlite.transaction(() => {
      for (const event of events) insert.run(event.logId, event.type, itemText(event.item), event.dateMs, receivedAt);
    })();
    report(`loaded ${Math.min(i + 50_000, BACKLOG)}/${BACKLOG}`);
  }
  sqlite.close();
  let peak = descendantsRss(app.process.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, descendantsRss(app.process.pid!))), 100);
  const started = Date.now();
  await apiCall("PATCH", `/api/v2/log-streams/${id}`, { status: "active" });
  await waitForDelivery([key], BACKLOG, report);
  clearInterval(sampler);
  results.backlogDrainEventsPerSecond = rate(BACKLOG, Date.now() - started);
  results.peakRssMb = Math.round(peak / 2 ** 20);
  report(`peak RSS ${results.peakRssMb} MB while draining at ${results.backlogDrainEventsPerSecond} events/s`, true);
  await apiCall("PATCH", `/api/v2/log-streams/${id}`, { status: "paused" });
}

// 2. Ingest rate: 5,000-event bodies, no stream delivering.
if (runs("ingest")) {
  const report = progress("ingest");
  const bodies = ingestBodies(benchEvents(EVENTS, `${run}-ingest`));
  const started = Date.now();
  await ingestAll(bodies, report);
  results.ingestEventsPerSecond = rate(EVENTS, Date.now() - started);
  report(`${results.ingestEventsPerSecond} events/s`, true);
}

/**
 * The ceiling: the same kind of items, 1000 per gzip'ed request, POSTed straight to the intake
 * from one process, one after the other, as a log shipper would. The items' JSON is made before
 * the clock starts; gzip and POST are inside it.
 */
async function measureCeiling(key: string, report: (text: string) => void): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const batches = intakeBatches(EVENTS, `${key}-events`);
  const started = Date.now();
  for (const [index, batch] of batches.entries()) {
    await postToIntake(intake.url, key, await gzip(batch), agent);
    report(`sent ${Math.min((index + 1) * 1000, EVENTS)}/${EVENTS}`);
  }
  await agent.close();
  return rate(EVENTS, Date.now() - started);
}

type EndToEnd = {
  rate: number;
  cpuMsPer1000: { app: number; intake: number; bench: number };
  cpuBoundEventsPerSecond: number;
};

/**
 * End-to-end: one stream, first ingest to last event at the intake. Also the CPU time per 1000
 * events of the app (all its threads), the intake and the bench itself, which share the machine's
 * cores: the rate they would allow if the cores were never idle bounds the measured one.
 */
async function measureEndToEnd(key: string, report: (text: string) => void, dated = new Date()): Promise<EndToEnd> {
  await createStream(key);
  const bodies = ingestBodies(benchEvents(EVENTS, `${key}-events`, dated));
  const cpuNow = () => cpuUsedMs(app.process.pid!, intake.pid);
  const cpuBefore = cpuNow();
  const started = Date.now();
  await ingestAll(bodies, report);
  const lastAt = await waitForDelivery([key], EVENTS, report);
  const cpuAfter = cpuNow();
  const per1000 = (ms: number) => Math.round((ms / EVENTS) * 1000 * 10) / 10;
  const cpuMsPer1000 = {
    app: per1000(cpuAfter.app - cpuBefore.app),
    intake: per1000(cpuAfter.receiver - cpuBefore.receiver),
    bench: per1000(cpuAfter.bench - cpuBefore.bench),
  };
  const cpuBoundEventsPerSecond = Math.round(
    (os.cpus().length * 1_000_000) / (cpuMsPer1000.app + cpuMsPer1000.intake + cpuMsPer1000.bench),
  );
  await apiCall("PATCH", `/api/v2/log-streams/${await createStreamIdByKey(key)}`, { status: "paused" });
  return { rate: rate(EVENTS, lastAt - started), cpuMsPer1000, cpuBoundEventsPerSecond };
}

const describeCpu = ({ cpuMsPer1000: cpu, cpuBoundEventsPerSecond }: EndToEnd) =>
  `CPU per 1000 events: app ${cpu.app}, intake ${cpu.intake}, bench ${cpu.bench} ms; all cores busy, at most ${cpuBoundEventsPerSecond} events/s`;

// 3. Ceiling (always: the other parts are measured against it) and 4. end-to-end, alternately,
// ROUNDS times each: this machine's figures move ±15 % between runs, so medians are compared.
// The first round after `npm start` warms the app up (part 4a measures what that costs): it is
// reported on its own, and the warm rounds come after it.
const firstRound =
  runs("end-to-end") || runs("backfill") ? await measureEndToEnd(`e2e-${run}-first`, progress("first round")) : null;
if (firstRound) console.log(`  first round: ${firstRound.rate} events/s; ${describeCpu(firstRound)}`);
const ceilings: number[] = [];
const endToEnds: EndToEnd[] = [];
const backfills: EndToEnd[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  ceilings.push(await measureCeiling(`ceiling-${run}-${round}`, progress(`ceiling ${round}/${ROUNDS}`)));
  console.log(`  ceiling ${round}/${ROUNDS}: ${ceilings.at(-1)} events/s`);
  if (runs("end-to-end")) {
    const report = progress(`end-to-end ${round}/${ROUNDS}`);
    endToEnds.push(await measureEndToEnd(`e2e-${run}-${round}`, report));
    report(`${endToEnds.at(-1)!.rate} events/s; ${describeCpu(endToEnds.at(-1)!)}`, true);
  }
  if (runs("backfill")) {
    const report = progress(`backfill ${round}/${ROUNDS}`);
    backfills.push(await measureEndToEnd(`backfill-${run}-${round}`, report, new Date(Date.now() - BACKFILL_AGE_MS)));
    report(`${backfills.at(-1)!.rate} events/s; ${describeCpu(backfills.at(-1)!)}`, true);
  }
}
const ceiling = median(ceilings);
results.ceilingEventsPerSecond = ceiling;
const medianRound = (measured: EndToEnd[]) => measured.find((e) => e.rate === median(measured.map((m) => m.rate)))!;
if (runs("end-to-end")) {
  const endToEnd = medianRound(endToEnds);
  results.endToEndEventsPerSecond = endToEnd.rate;
  results.endToEndAppCpuMsPer1000 = endToEnd.cpuMsPer1000.app;
  results.endToEndIntakeCpuMsPer1000 = endToEnd.cpuMsPer1000.intake;
  results.endToEndBenchCpuMsPer1000 = endToEnd.cpuMsPer1000.bench;
  results.endToEndCpuBoundEventsPerSecond = endToEnd.cpuBoundEventsPerSecond;
  results.endToEndPercentOfCeiling = Math.round((endToEnd.rate / ceiling) * 100);
  // The first round after `npm start`: what a burst meets on a freshly started app.
  results.endToEndFirstRoundPercentOfCeiling = Math.round((firstRound!.rate / ceiling) * 100);
  console.log(
    `  end-to-end: median ${endToEnd.rate} events/s = ${results.endToEndPercentOfCeiling} % of the median ceiling ${ceiling} events/s; first round ${results.endToEndFirstRoundPercentOfCeiling} %`,
  );
}
if (runs("backfill")) {
  const backfill = medianRound(backfills);
  results.backfillEventsPerSecond = backfill.rate;
  results.backfillAppCpuMsPer1000 = backfill.cpuMsPer1000.app;
  results.backfillPercentOfCeiling = Math.round((backfill.rate / ceiling) * 100);
  console.log(
    `  backfill: median ${backfill.rate} events/s = ${results.backfillPercentOfCeiling} % of the median ceiling ${ceiling} events/s`,
  );
}

// 4a. The first round after `npm start`, ROUNDS times: the app restarted each time, its first
// end-to-end round against a ceiling measured just before it (one per start, so medians compare),
// then a second round on the same start: first against second is the cost of coldness alone,
// which a busy machine's moving ceiling blurs less.
if (runs("cold")) {
  const coldPercents: number[] = [];
  const ofWarmPercents: number[] = [];
  for (let start = 1; start <= ROUNDS; start++) {
    await app.stop();
    app = await startBenchApp();
    await untilIdle(app.process.pid!);
    const startCeiling = await measureCeiling(
      `ceiling-cold-${run}-${start}`,
      progress(`cold ${start}/${ROUNDS}: ceiling`),
    );
    const report = progress(`cold ${start}/${ROUNDS}`);
    const cold = await measureEndToEnd(`cold-${run}-${start}`, report);
    const warm = await measureEndToEnd(`warm-${run}-${start}`, report);
    coldPercents.push(Math.round((cold.rate / startCeiling) * 100));
    ofWarmPercents.push(Math.round((cold.rate / warm.rate) * 100));
    report(
      `ceiling ${startCeiling}, first round ${cold.rate} events/s = ${coldPercents.at(-1)} %; ${describeCpu(cold)}; second round ${warm.rate} events/s (the first at ${ofWarmPercents.at(-1)} % of it), app CPU ${warm.cpuMsPer1000.app} ms per 1000 events`,
      true,
    );
  }
  results.coldRoundPercentOfCeiling = median(coldPercents);
  results.coldRoundPercentOfWarm = median(ofWarmPercents);
  console.log(
    `  cold: first rounds ${coldPercents.join(", ")} % of their ceilings, median ${results.coldRoundPercentOfCeiling} %; ${ofWarmPercents.join(", ")} % of the second round, median ${results.coldRoundPercentOfWarm} %`,
  );
}

// 4b. The same two against an intake that answers after DISTANT_INTAKE_DELAY_MS, as Datadog does from
// afar: the app's batches in flight hide the wait, the one-at-a-time ceiling cannot.
if (runs("distant")) {
  const report = progress("distant intake");
  const ceilingKey = `ceiling-distant-${run}`;
  const e2eKey = `e2e-distant-${run}`;
  for (const key of [ceilingKey, e2eKey]) await intake.client.setFault(key, { delayMs: DISTANT_INTAKE_DELAY_MS });
  results.distantCeilingEventsPerSecond = await measureCeiling(ceilingKey, report);
  results.distantEndToEndEventsPerSecond = (await measureEndToEnd(e2eKey, report)).rate;
  results.distantEndToEndPercentOfCeiling = Math.round(
    (results.distantEndToEndEventsPerSecond / results.distantCeilingEventsPerSecond) * 100,
  );
  report(
    `ceiling ${results.distantCeilingEventsPerSecond} events/s, end-to-end ${results.distantEndToEndEventsPerSecond} events/s (${results.distantEndToEndPercentOfCeiling} %)`,
    true,
  );
}

async function createStreamIdByKey(key: string): Promise<string> {
  const response = await fetch(`${app.url}/api/v2/log-streams`, {
    headers: { authorization: `Bearer ${tokens.LOGSTREAMS_API_TOKEN}` },
  });
  const streams = (await response.json()) as { id: string; name: string }[];
  return streams.find((s) => s.name === `bench ${key}`)!.id;
}

// 5. Latency at light load: single-event ingests 50 ms apart.
if (runs("latency")) {
  const report = progress("latency");
  const key = `latency-${run}`;
  await createStream(key);
  const events = benchEvents(LATENCY_SAMPLES, `${run}-latency`);
  const sentAt = new Map<string, number>();
  for (const [i, event] of events.entries()) {
    sentAt.set(event.log_id, Date.now());
    await ingest(Buffer.from(JSON.stringify([event])));
    report(`sent ${i + 1}/${events.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await waitForDelivery([key], LATENCY_SAMPLES, report);
  const arrivals = (await intake.client.received(key)).items as unknown as { log_id: string; at: number }[];
  const latencies = arrivals.map((a) => a.at - sentAt.get(a.log_id)!);
  results.latencyP50Ms = percentile(latencies, 50);
  results.latencyP99Ms = percentile(latencies, 99);
  report(`p50 ${results.latencyP50Ms} ms, p99 ${results.latencyP99Ms} ms`, true);
  await apiCall("PATCH", `/api/v2/log-streams/${await createStreamIdByKey(key)}`, { status: "paused" });
}

// 6. Fan-out: the same number of events to several streams at once.
if (runs("fan-out")) {
  const report = progress("fan-out");
  const keys = Array.from({ length: STREAMS }, (_, i) => `fanout-${run}-${i}`);
  for (const key of keys) await createStream(key);
  const bodies = ingestBodies(benchEvents(EVENTS, `${run}-fanout`));
  const started = Date.now();
  await ingestAll(bodies, report);
  const lastAt = await waitForDelivery(keys, EVENTS, report);
  results.fanOutEventsPerSecond = rate(EVENTS * STREAMS, lastAt - started);
  results.fanOutPercentOfCeiling = Math.round((results.fanOutEventsPerSecond / ceiling) * 100);
  report(
    `${results.fanOutEventsPerSecond} deliveries/s over ${STREAMS} streams (${results.fanOutPercentOfCeiling} % of the ceiling)`,
    true,
  );
  for (const key of keys)
    await apiCall("PATCH", `/api/v2/log-streams/${await createStreamIdByKey(key)}`, { status: "paused" });
}

/** Many senders of big bodies at once, each sending a refused body again after its Retry-After; `sampleRss` reads the app's memory. */
async function overloadApp(
  key: string,
  sampleRss: () => number,
  report: (text: string) => void,
): Promise<OverloadResult> {
  await createStream(key);
  const { measureOverload } = await import("./overload");
  const overload = await measureOverload(
    {
      appUrl: app.url,
      sampleRss,
      ingestToken: tokens.LOGSTREAMS_INGEST_TOKEN,
      senders: OVERLOAD_SENDERS,
      bodiesPerSender: OVERLOAD_BODIES_PER_SENDER,
      eventsPerBody: INGEST_BODY_EVENTS,
      run: `${run}-${key}`,
      waitForDelivery: async (count) => {
        const lastAt = await waitForDelivery([key], count, report);
        return { lastAt, items: (await intake.client.stats(key)).items };
      },
    },
    report,
  );
  await apiCall("PATCH", `/api/v2/log-streams/${await createStreamIdByKey(key)}`, { status: "paused" });
  return overload;
}

const describeOverload = (overload: OverloadResult) =>
  `peak RSS ${overload.peakRssMb} MB; 202 × ${overload.accepted}, 503 × ${overload.refused}; /healthz worst ${overload.healthzWorstMs} ms; ${overload.eventsPerSecond} events/s delivered (${Math.round((overload.eventsPerSecond / ceiling) * 100)} % of the ceiling); ${overload.duplicates} duplicates`;

// 7. Overload: many senders of big bodies at once, each sending a refused body again after its Retry-After.
if (runs("overload")) {
  const report = progress("overload");
  const overload = await overloadApp(`overload-${run}`, () => descendantsRss(app.process.pid!), report);
  results.overloadPeakRssMb = overload.peakRssMb;
  results.overloadAccepted = overload.accepted;
  results.overloadRefused = overload.refused;
  results.overloadHealthzWorstMs = overload.healthzWorstMs;
  results.overloadEventsPerSecond = overload.eventsPerSecond;
  results.overloadPercentOfCeiling = Math.round((overload.eventsPerSecond / ceiling) * 100);
  results.overloadDuplicates = overload.duplicates;
  report(describeOverload(overload), true);
}

// 8. The same overload against the app as users run it, `npm start`: the peak of the whole process
// group's resident memory (npm, the start script, the server and its threads), ROUNDS times, each
// on a fresh start; the median is the figure. Each process's share at the peak is printed too.
if (runs("overload-memory")) {
  const peaks: number[] = [];
  for (let start = 1; start <= ROUNDS; start++) {
    const report = progress(`overload-memory ${start}/${ROUNDS}`);
    await app.stop();
    app = await startBenchApp({ viaNpm: true });
    let peak = { total: 0, byCommand: new Map<string, number>() };
    const sampleGroupRss = () => {
      const byCommand = processGroupRss(app.process.pid!);
      const total = [...byCommand.values()].reduce((sum, rss) => sum + rss, 0);
      if (total > peak.total) peak = { total, byCommand };
      return total;
    };
    const overload = await overloadApp(`overload-memory-${run}-${start}`, sampleGroupRss, report);
    peaks.push(overload.peakRssMb);
    const shares = [...peak.byCommand]
      .map(([command, rss]) => `${command.slice(0, 40)} ${Math.round(rss / 2 ** 20)} MB`)
      .join(", ");
    report(`${describeOverload(overload)}; at the peak: ${shares}`, true);
  }
  results.overloadGroupPeakRssMb = median(peaks);
  console.log(
    `  overload-memory: peak RSS of the npm start process group ${peaks.join(", ")} MB, median ${results.overloadGroupPeakRssMb} MB`,
  );
}

await app.stop();
intake.stop();
// A fast run is worth nothing if it damaged the data: SQLite checks the file, indexes included.
const integrity = new Sqlite(database.filePath, { readonly: true }).pragma("integrity_check", { simple: true });
console.log(`database integrity after the run: ${integrity}`);
if (integrity !== "ok")
  throw new Error(`the benchmark's database is damaged (${integrity}); it is kept at ${database.filePath}`);
fs.rmSync(path.dirname(database.filePath), { recursive: true, force: true });

const rows: [(typeof PARTS)[number] | null, string, string, string][] = [
  ["ingest", "ingest (5,000-event bodies)", `${results.ingestEventsPerSecond} events/s`, "≥ 20,000 events/s"],
  [
    null,
    `ceiling (1000-item gzip POSTs, one process; median of ${ROUNDS})`,
    `${results.ceilingEventsPerSecond} events/s`,
    "",
  ],
  [
    "end-to-end",
    `end-to-end (${EVENTS} events, 1 stream; medians of ${ROUNDS})`,
    `${results.endToEndEventsPerSecond} events/s = ${results.endToEndPercentOfCeiling} % of ceiling (CPU per 1000 events: app ${results.endToEndAppCpuMsPer1000}, intake ${results.endToEndIntakeCpuMsPer1000}, bench ${results.endToEndBenchCpuMsPer1000} ms; all cores busy, at most ${results.endToEndCpuBoundEventsPerSecond} events/s = ${Math.round((results.endToEndCpuBoundEventsPerSecond! / ceiling) * 100)} %)`,
    "≥ 80 %",
  ],
  [
    "end-to-end",
    `end-to-end, first round after npm start`,
    `${results.endToEndFirstRoundPercentOfCeiling} % of ceiling`,
    "≥ 70 %",
  ],
  [
    "cold",
    `first round after npm start (${ROUNDS} starts, each against its own ceiling)`,
    `median ${results.coldRoundPercentOfCeiling} % of ceiling (${results.coldRoundPercentOfWarm} % of the second round)`,
    "≥ 70 %",
  ],
  [
    "backfill",
    `backfill (${EVENTS} events dated 3 days ago, 1 stream; medians of ${ROUNDS})`,
    `${results.backfillEventsPerSecond} events/s = ${results.backfillPercentOfCeiling} % of ceiling (app CPU ${results.backfillAppCpuMsPer1000} ms per 1000 events)`,
    "≥ 80 %",
  ],
  [
    "distant",
    `distant intake (answers after ${DISTANT_INTAKE_DELAY_MS} ms)`,
    `ceiling ${results.distantCeilingEventsPerSecond} events/s, end-to-end ${results.distantEndToEndEventsPerSecond} events/s = ${results.distantEndToEndPercentOfCeiling} %`,
    "",
  ],
  [
    "latency",
    `latency (${LATENCY_SAMPLES} single events, 50 ms apart)`,
    `p50 ${results.latencyP50Ms} ms, p99 ${results.latencyP99Ms} ms`,
    "p99 < 1 s",
  ],
  [
    "fan-out",
    `fan-out (${EVENTS} events × ${STREAMS} streams)`,
    `${results.fanOutEventsPerSecond} deliveries/s = ${results.fanOutPercentOfCeiling} % of ceiling`,
    "≥ 60 %",
  ],
  [
    "memory",
    `memory (${BACKLOG} event backlog draining)`,
    `peak RSS ${results.peakRssMb} MB at ${results.backlogDrainEventsPerSecond} events/s`,
    "< 400 MB",
  ],
  [
    "overload",
    `overload (${OVERLOAD_SENDERS} senders × ${OVERLOAD_BODIES_PER_SENDER} bodies of ${INGEST_BODY_EVENTS} events, retrying after Retry-After)`,
    `peak RSS ${results.overloadPeakRssMb} MB; 202 × ${results.overloadAccepted}, 503 × ${results.overloadRefused}; /healthz worst ${results.overloadHealthzWorstMs} ms; delivered ${results.overloadEventsPerSecond} events/s = ${results.overloadPercentOfCeiling} % of ceiling; ${results.overloadDuplicates} duplicates`,
    "RSS < 512 MB, /healthz < 1 s, ≥ 70 %, 0 duplicates",
  ],
  [
    "overload-memory",
    `overload as users run it: the npm start process group's peak RSS (${ROUNDS} starts)`,
    `median ${results.overloadGroupPeakRssMb} MB`,
    "< 512 MB",
  ],
];
console.log("\n| measure | result | target |\n|---|---|---|");
for (const [part, ...row] of rows) if (part === null || runs(part)) console.log(`| ${row.join(" | ")} |`);

const file = path.join(ROOT, "bench/results", `${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}.json`);
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      flags: { EVENTS, STREAMS, LATENCY_SAMPLES, BACKLOG, ROUNDS, OVERLOAD_SENDERS, only: flags.only },
      rounds: { ceilings, endToEnds, backfills },
      results,
    },
    null,
    2,
  ),
);
console.log(`\nwritten to ${path.relative(ROOT, file)}`);
process.exit(0);

// npm run bench -- --db postgres: PostgreSQL against SQLite in one run, so that their ratio, not the
// busy machine's absolute figures, is what counts. `ingest`: 5,000-event bodies into a web node on
// each; `workers`: a backlog drained by N `npm run worker` processes on PostgreSQL against the SQLite
// app's own dispatcher. Each measure is taken --rounds times, the two databases alternately; medians.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Agent } from "undici";
import { startPgCluster } from "@/tools/pg-cluster";
import { ROOT, createTempDatabase } from "@/tests/support/app-server";
import {
  gzip,
  descendantsCpuMs,
  exitedChildrenCpuMs,
  processCpuMs,
  benchEvents,
  benchTokens,
  ingestBodies,
  intakeBatches,
  median,
  postIngest,
  postToIntake,
  progress,
  startApp,
  startIntakeProcess,
  managementApi,
} from "./support";

export const POSTGRES_PARTS = ["ingest", "workers"] as const;
export type PostgresPart = (typeof POSTGRES_PARTS)[number];
/** `cpuProfileDir`: where the worker processes and both apps write their CPU profiles (bench/cpu-profile.cjs). */
type Options = {
  parts: PostgresPart[];
  workerCounts: number[];
  events: number;
  streams: number;
  rounds: number;
  distDir: string;
  cpuProfileDir?: string;
};

/**
 * The longest the bench waits for a worker to start or a drain to end (each takes seconds): past it the run
 * fails with what it waited for, rather than waiting on.
 */
const WAIT_MS = 120_000;

type DrainCpu = { workers: number; postgres: number; app: number; intake: number };
type IngestCpu = { app: number; postgres: number };
type Ingest = { rate: number; cpuMsPer1000: IngestCpu };
/** A drain's rate, and the CPU its parts used per 1000 deliveries. */
type Drain = { rate: number; cpuMsPer1000: DrainCpu };

type BenchApp = Awaited<ReturnType<typeof startApp>> & {
  databaseUrl: string;
  call: (method: string, route: string, body?: unknown) => Promise<{ id: string }>;
  ingest: (body: Buffer) => Promise<void>;
};

export async function benchWorkers(options: Options) {
  const runStartedAt = Date.now();
  /** A step of the run, with the time since it began: a slow start or teardown shows where it waited. */
  const step = (text: string) =>
    console.log(`${text} (${((Date.now() - runStartedAt) / 1000).toFixed(1)} s into the run)`);
  const run = crypto.randomBytes(3).toString("hex");
  const tokens = benchTokens(run);
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const intake = await startIntakeProcess();
  delete process.env.LOGSTREAMS_TEST_PG_URL;
  const sqliteDatabase = await createTempDatabase();
  if (sqliteDatabase.kind !== "sqlite") throw new Error("expected a SQLite database");
  step("starting a throwaway PostgreSQL cluster…");
  const cluster = await startPgCluster();
  process.env.LOGSTREAMS_TEST_PG_URL = cluster.url;
  const postgresDatabase = await createTempDatabase().catch((error: unknown) => {
    // Not yet inside the try below: a failed migration must not leave the cluster running.
    cluster.stop();
    intake.stop();
    throw error;
  });
  const profiling: Record<string, string> = options.cpuProfileDir
    ? {
        NODE_OPTIONS: `--require ${path.join(ROOT, "bench/cpu-profile.cjs")}`,
        LOGSTREAMS_CPU_PROFILE_DIR: options.cpuProfileDir,
      }
    : {};
  const started: BenchApp[] = [];
  const workers: ChildProcess[] = [];

  /** CPU used so far, in ms, by each part of an ingest or a drain: the workers, the PostgreSQL server (all its processes), the app, the intake. */
  function cpuMsByPart(app: BenchApp): DrainCpu {
    const postmaster = cluster.postmasterPid();
    const isPostgres = app.databaseUrl === postgresDatabase.url;
    return {
      workers: isPostgres
        ? workers.reduce((total, worker) => total + processCpuMs(worker.pid!) + descendantsCpuMs(worker.pid!), 0)
        : 0,
      postgres: isPostgres
        ? processCpuMs(postmaster) + exitedChildrenCpuMs(postmaster) + descendantsCpuMs(postmaster)
        : 0,
      app: descendantsCpuMs(app.process.pid!),
      intake: processCpuMs(intake.pid),
    };
  }

  async function startBenchApp(databaseUrl: string, worker: "on" | "off"): Promise<BenchApp> {
    const app = await startApp({
      ...tokens,
      ...profiling,
      DATABASE_URL: databaseUrl,
      DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
      NEXT_DIST_DIR: options.distDir,
      LOGSTREAMS_WORKER: worker,
    });
    const call = managementApi(app.url, tokens.LOGSTREAMS_API_TOKEN);
    const benchApp = {
      ...app,
      databaseUrl,
      call,
      ingest: (body: Buffer) => postIngest(app.url, tokens.LOGSTREAMS_INGEST_TOKEN, body, agent),
    };
    started.push(benchApp);
    return benchApp;
  }

  /** An ingest's rate, and the CPU the app and the PostgreSQL server (0 on SQLite) used per 1000 events. */
  async function measureIngest(app: BenchApp, label: string): Promise<Ingest> {
    const report = progress(label);
    const bodies = ingestBodies(benchEvents(options.events, `${run}-${label}`));
    const cpuBefore = cpuMsByPart(app);
    const startedAt = Date.now();
    for (const [index, body] of bodies.entries()) {
      await app.ingest(body);
      report(`ingested body ${index + 1}/${bodies.length}`);
    }
    const rate = Math.round((options.events / (Date.now() - startedAt)) * 1000);
    const cpuAfter = cpuMsByPart(app);
    const per1000 = (key: "app" | "postgres") =>
      Math.round(((cpuAfter[key] - cpuBefore[key]) / options.events) * 1000 * 10) / 10;
    const cpuMsPer1000 = { app: per1000("app"), postgres: per1000("postgres") };
    report(`${rate} events/s; CPU ms per 1000: ${JSON.stringify(cpuMsPer1000)}`, true);
    return { rate, cpuMsPer1000 };
  }

  /**
   * Starts a worker process on `app`'s database as `npm run worker` does (bin/start.mjs worker: its V8
   * flags, the worker its child), in a process group of its own; resolves once it says it started.
   */
  async function startWorker(app: BenchApp): Promise<void> {
    const worker = spawn(process.execPath, ["bin/start.mjs", "worker"], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...tokens,
        ...profiling,
        DATABASE_URL: app.databaseUrl,
        DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "ignore"],
      detached: true,
    });
    workers.push(worker);
    let output = "";
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error("a worker did not start within 2 minutes")), WAIT_MS);
      worker.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("started")) resolve();
      });
      worker.once("exit", (code) => reject(new Error(`a worker exited with ${code}`)));
    }).finally(() => clearTimeout(timer));
  }

  /**
   * The intake's first drain cost it ~1 ms more CPU per 1000 items (its code compiled, its heap
   * grown), and the first drain measured is always PostgreSQL's: before any, the intake takes a
   * drain's worth of batches straight from the bench, five at a time, neither app doing anything.
   */
  async function warmUpIntake() {
    const gzipped = await Promise.all(
      intakeBatches(options.events, `${run}-intake-warm-up`).map((batch) => gzip(batch)),
    );
    await Promise.all(
      Array.from({ length: options.streams }, async (_, stream) => {
        for (const batch of gzipped) await postToIntake(intake.url, `intake-warm-up-${run}-${stream}`, batch, agent);
      }),
    );
    await intake.empty();
  }

  /** Signals a worker's process group: bin/start.mjs and the worker it runs. */
  const signalWorker = (worker: ChildProcess, signal: NodeJS.Signals) => {
    try {
      process.kill(-worker.pid!, signal);
    } catch {
      // gone already
    }
  };

  /**
   * A backlog of `events` for each of `streams` new streams, stored while they are paused, then
   * drained once they are made active: by `workerCount` worker processes (PostgreSQL), or by the
   * app's own dispatcher (SQLite). The clock runs from the activation to the last arrival.
   *
   * The workers run from the first drain of their count until another count's (or the run's end),
   * as `npm run worker` runs and as the SQLite app runs across rounds here. Started afresh for each
   * drain, from the second on each paid its start (4.8–5.3 ms of CPU per 1000 deliveries against
   * 3.9–4.0 when kept) and the intake twice the kernel time (1.5–1.6 ms against 0.8).
   */
  async function measureDrain(app: BenchApp, label: string, workerCount: number | "dispatcher"): Promise<Drain> {
    const report = progress(label);
    // Every drain starts with an empty intake, its garbage collected: the arrivals it kept (1.25 million
    // after four drains), and then their collection, raised its CPU per item in the later drains, and
    // most in the first of each round, always PostgreSQL's.
    await intake.empty();
    const keys = Array.from({ length: options.streams }, (_, i) => `${label}-${run}-${i}`);
    const ids: string[] = [];
    for (const key of keys) {
      const { id } = await app.call("POST", "/api/v2/log-streams", {
        name: `bench ${key}`,
        type: "datadog",
        sink: { datadogApiKey: key, datadogRegion: "us" },
      });
      await app.call("PATCH", `/api/v2/log-streams/${id}`, { status: "paused" });
      ids.push(id);
    }
    if (workerCount !== "dispatcher" && workers.length !== workerCount) {
      for (const worker of workers.splice(0)) signalWorker(worker, "SIGTERM");
      for (let i = 0; i < workerCount; i++) await startWorker(app);
    }
    for (const body of ingestBodies(benchEvents(options.events, `${run}-${label}`))) await app.ingest(body);
    const startedAt = Date.now();
    const cpuBefore = cpuMsByPart(app);
    for (const id of ids) await app.call("PATCH", `/api/v2/log-streams/${id}`, { status: "active" });
    let rate: number;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const stats = await Promise.all(keys.map((key) => intake.client.stats(key)));
      const delivered = stats.reduce((n, s) => n + s.items, 0);
      report(`delivered ${delivered}/${options.events * keys.length}`);
      if (stats.every((s) => s.items >= options.events)) {
        rate = Math.round((delivered / (Math.max(...stats.map((s) => s.lastAt ?? 0)) - startedAt)) * 1000);
        break;
      }
      if (Date.now() > deadline)
        throw new Error(`${label}: ${delivered} of ${options.events * keys.length} events arrived within 2 minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const cpuAfter = cpuMsByPart(app);
    for (const id of ids) await app.call("PATCH", `/api/v2/log-streams/${id}`, { status: "paused" });
    const per1000 = (key: keyof DrainCpu) =>
      Math.round(((cpuAfter[key] - cpuBefore[key]) / (options.events * keys.length)) * 1000 * 10) / 10;
    const cpuMsPer1000 = {
      workers: per1000("workers"),
      postgres: per1000("postgres"),
      app: per1000("app"),
      intake: per1000("intake"),
    };
    report(`${rate} deliveries/s; CPU ms per 1000: ${JSON.stringify(cpuMsPer1000)}`, true);
    return { rate, cpuMsPer1000 };
  }

  const rounds: {
    ingest: { postgres: number; sqlite: number }[];
    ingestCpuMsPer1000: { postgres: IngestCpu; sqlite: IngestCpu }[];
    workers: Record<number, { postgres: number; sqlite: number }[]>;
    drainCpuMsPer1000: Record<number, { postgres: DrainCpu; sqlite: DrainCpu }[]>;
  } = { ingest: [], ingestCpuMsPer1000: [], workers: {}, drainCpuMsPer1000: {} };
  try {
    // Workers do the PostgreSQL app's delivering; the SQLite app delivers with its own dispatcher.
    const postgresApp = await startBenchApp(postgresDatabase.url, "off");
    const sqliteApp = await startBenchApp(sqliteDatabase.url, "on");
    step("both apps started");
    if (options.parts.includes("workers")) await warmUpIntake();
    for (let round = 1; round <= options.rounds; round++) {
      if (options.parts.includes("ingest")) {
        const postgres = await measureIngest(postgresApp, `ingest postgres ${round}/${options.rounds}`);
        const sqlite = await measureIngest(sqliteApp, `ingest sqlite ${round}/${options.rounds}`);
        rounds.ingest.push({ postgres: postgres.rate, sqlite: sqlite.rate });
        rounds.ingestCpuMsPer1000.push({ postgres: postgres.cpuMsPer1000, sqlite: sqlite.cpuMsPer1000 });
      }
      if (!options.parts.includes("workers")) continue;
      for (const count of options.workerCounts) {
        const postgres = await measureDrain(postgresApp, `w${count}-postgres-${round}`, count);
        const sqlite = await measureDrain(sqliteApp, `w${count}-sqlite-${round}`, "dispatcher");
        (rounds.workers[count] ??= []).push({ postgres: postgres.rate, sqlite: sqlite.rate });
        (rounds.drainCpuMsPer1000[count] ??= []).push({ postgres: postgres.cpuMsPer1000, sqlite: sqlite.cpuMsPer1000 });
      }
    }
  } finally {
    for (const worker of workers) signalWorker(worker, "SIGKILL");
    for (const app of started) await app.stop();
    intake.stop();
    cluster.stop();
    fs.rmSync(path.dirname(sqliteDatabase.filePath), { recursive: true, force: true });
    step("apps, intake and cluster stopped");
  }

  const summary = (pairs: { postgres: number; sqlite: number }[]) => {
    const postgres = median(pairs.map((p) => p.postgres));
    const sqlite = median(pairs.map((p) => p.sqlite));
    const percent = median(pairs.map((p) => Math.round((p.postgres / p.sqlite) * 100)));
    return { postgres, sqlite, percent };
  };
  const results: Record<string, { postgres: number; sqlite: number; percent: number }> = {};
  console.log(
    `\nPostgreSQL against SQLite, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}; medians of ${options.rounds} rounds (the ratio is each round's, then their median)\n`,
  );
  console.log("| measure | PostgreSQL | SQLite | PostgreSQL / SQLite | target |\n|---|---|---|---|---|");
  if (rounds.ingest.length > 0) {
    results.ingest = summary(rounds.ingest);
    console.log(
      `| ingest, 5,000-event bodies, ${options.events} events | ${results.ingest.postgres} events/s | ${results.ingest.sqlite} events/s | ${results.ingest.percent} % | ≥ 80 % |`,
    );
  }
  for (const [count, pairs] of Object.entries(rounds.workers)) {
    results[`workers${count}`] = summary(pairs);
    const { postgres, sqlite, percent } = results[`workers${count}`]!;
    console.log(
      `| drain ${options.streams} streams × ${options.events} events: ${count} worker${count === "1" ? "" : "s"} against the SQLite app's dispatcher | ${postgres} deliveries/s | ${sqlite} deliveries/s | ${percent} % | ≥ 90 % |`,
    );
  }
  if (rounds.ingestCpuMsPer1000.length > 0) {
    const medianOf = (side: "postgres" | "sqlite", key: keyof IngestCpu) =>
      median(rounds.ingestCpuMsPer1000.map((p) => p[side][key]));
    console.log(
      `\nCPU ms per 1000 events ingested, medians: PostgreSQL side app ${medianOf("postgres", "app")}, PostgreSQL ${medianOf("postgres", "postgres")}; SQLite app ${medianOf("sqlite", "app")}`,
    );
  }
  for (const [count, pairs] of Object.entries(rounds.drainCpuMsPer1000)) {
    const medianOf = (side: "postgres" | "sqlite", key: keyof DrainCpu) => median(pairs.map((p) => p[side][key]));
    const parts = (side: "postgres" | "sqlite") =>
      (["workers", "postgres", "app", "intake"] as const).map((key) => `${key} ${medianOf(side, key)}`).join(", ");
    console.log(
      `\nCPU ms per 1000 deliveries, ${count} worker(s), medians: PostgreSQL side ${parts("postgres")}; SQLite side ${parts("sqlite")}`,
    );
  }
  const file = path.join(
    ROOT,
    "bench/results",
    `${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}-postgres.json`,
  );
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cores: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
        db: "postgres",
        flags: options,
        rounds,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${path.relative(ROOT, file)}`);
}

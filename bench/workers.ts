// npm run bench -- --db postgres --workers 1,3: delivery rate with N `npm run worker` processes on PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPgCluster } from "@/tools/pg-cluster";
import { ROOT, createTempDatabase } from "@/tests/support/app-server";
import { benchEvents, benchTokens, progress, startApp, startIntakeProcess } from "./support";

export async function benchWorkers(options: { workerCounts: number[]; events: number; streams: number; distDir: string }) {
  const run = crypto.randomBytes(3).toString("hex");
  const tokens = benchTokens(run);
  console.log("starting a throwaway PostgreSQL cluster…");
  const cluster = await startPgCluster();
  process.env.LOGSTREAMS_TEST_PG_URL = cluster.url;
  const database = await createTempDatabase();
  const intake = await startIntakeProcess();
  const env = { ...tokens, DATABASE_URL: database.url, DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate, NEXT_DIST_DIR: options.distDir };
  const app = await startApp({ ...env, LOGSTREAMS_WORKER: "off" });
  const workers: ChildProcess[] = [];
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${app.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${tokens.LOGSTREAMS_API_TOKEN}`, "content-type": "application/json", connection: "close" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<{ id: string }>;
  };
  const results: Record<string, number> = {};
  try {
    for (const count of options.workerCounts) {
      const report = progress(`${count} worker${count === 1 ? "" : "s"}`);
      const keys = Array.from({ length: options.streams }, (_, i) => `w${count}-${run}-${i}`);
      const ids: string[] = [];
      for (const key of keys) ids.push((await call("POST", "/api/v2/log-streams", { name: `bench ${key}`, type: "datadog", sink: { datadogApiKey: key, datadogRegion: "us" } })).id);
      const events = benchEvents(options.events, `${run}-w${count}`);
      for (let i = 0; i < events.length; i += 5_000) {
        await fetch(`${app.url}/api/v2/logs`, { method: "POST", headers: { authorization: `Bearer ${tokens.LOGSTREAMS_INGEST_TOKEN}` }, body: JSON.stringify(events.slice(i, i + 5_000)) });
        report(`ingested ${Math.min(i + 5_000, events.length)}/${events.length}`);
      }
      const started = Date.now();
      for (let i = 0; i < count; i++) {
        workers.push(spawn(process.execPath, ["dist/worker.mjs"], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: "warn" }, stdio: "ignore" }));
      }
      for (;;) {
        const stats = await Promise.all(keys.map((key) => intake.client.stats(key)));
        const delivered = stats.reduce((n, s) => n + s.items, 0);
        report(`delivered ${delivered}/${options.events * keys.length}`);
        if (stats.every((s) => s.items >= options.events)) {
          results[count] = Math.round((delivered / (Math.max(...stats.map((s) => s.lastAt ?? 0)) - started)) * 1000);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const worker of workers.splice(0)) worker.kill("SIGTERM");
      for (const id of ids) await call("PATCH", `/api/v2/log-streams/${id}`, { status: "paused" });
      report(`${results[count]} deliveries/s`, true);
    }
  } finally {
    for (const worker of workers) worker.kill("SIGKILL");
    await app.stop();
    intake.stop();
    cluster.stop();
  }

  console.log(`\nPostgreSQL, ${options.streams} streams × ${options.events} events, ${os.cpus().length} cores (workers start after the backlog is stored)\n`);
  console.log("| workers | delivery rate |\n|---|---|");
  for (const count of options.workerCounts) console.log(`| ${count} | ${results[count]} deliveries/s |`);
  const file = path.join(ROOT, "bench/results", `${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}-postgres-workers.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      { date: new Date().toISOString(), machine: { cores: os.cpus().length, node: process.version }, db: "postgres", streams: options.streams, events: options.events, deliveriesPerSecondByWorkers: results },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${path.relative(ROOT, file)}`);
}

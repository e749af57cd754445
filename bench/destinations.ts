// npm run bench -- --destination http|splunk|sumo: one destination's end-to-end rate against its own
// direct-post ceiling, in one run. The ceiling: the same events encoded by the destination's own
// module (encodeItem, encodeBody, request: the bytes the app sends) and POSTed by the bench batch
// after batch to the destination's stand-in. End-to-end: the events ingested into the app and
// delivered by a stream of that type to the stand-in. Each stand-in runs in a process of its own
// (bench/standin-process.ts), a fresh one per measure; ceiling and end-to-end alternate --rounds times.
import { fork } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { fillBatch } from "@/lib/delivery/batch";
import type { Destination } from "@/lib/destinations/destination";
import { destinationOf } from "@/lib/destinations/registry";
import type { StoredEvent } from "@/lib/events/event-store";
import { itemText } from "@/lib/events/item-json";
import { parseIngestBody } from "@/lib/ingest/parse";
import { ROOT, createTempDatabase } from "@/tests/support/app-server";
import type { StandinReceiver, StandinStats } from "./standin-process";
import {
  gzip,
  benchEvents,
  benchTokens,
  type BenchEvent,
  cpuUsedMs,
  ingestBodies,
  median,
  postIngest,
  progress,
  startApp,
  managementApi,
} from "./support";

export const BENCHED_DESTINATIONS = ["http", "splunk", "sumo"] as const;
export type BenchedType = (typeof BENCHED_DESTINATIONS)[number];
type Options = { type: BenchedType; events: number; rounds: number; distDir: string; appEnv: Record<string, string> };

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

type Standin = { receiver: StandinReceiver; pid: number; stats: () => Promise<StandinStats>; stop: () => void };

async function startStandin(type: BenchedType): Promise<Standin> {
  const child = fork(path.join(ROOT, "bench/standin-process.ts"), [type], {
    execArgv: ["--import", "tsx"],
    stdio: "ignore",
  });
  const receiver = await new Promise<StandinReceiver>((resolve, reject) => {
    child.once("message", (m) => resolve(m as StandinReceiver));
    child.once("exit", (code) => reject(new Error(`the ${type} stand-in exited with ${code}`)));
  });
  const stats = () =>
    new Promise<StandinStats>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the ${type} stand-in exited with ${code}`));
      if (child.exitCode !== null || child.signalCode !== null) return onExit(child.exitCode);
      child.once("exit", onExit);
      child.once("message", (m) => {
        child.off("exit", onExit);
        resolve(m as StandinStats);
      });
      child.send("stats");
    });
  return { receiver, pid: child.pid!, stats, stop: () => child.kill("SIGKILL") };
}

/** The sink of a stream delivering to the stand-in's receiver (a webhook: JSON arrays). */
function sinkOf(receiver: StandinReceiver): Record<string, unknown> {
  if (receiver.type === "http") return { httpEndpoint: receiver.url, httpContentFormat: "JSONARRAY" };
  if (receiver.type === "splunk")
    return {
      splunkDomain: receiver.domain,
      splunkPort: receiver.port,
      splunkToken: receiver.token,
      splunkSecure: false,
    };
  return { sumoSourceAddress: receiver.address };
}

/** Waits until the stand-in holds `count` events; returns when the last one was answered. */
async function waitForEvents(standin: Standin, count: number, report: (text: string) => void): Promise<number> {
  for (;;) {
    const { events, lastAt } = await standin.stats();
    report(`delivered ${events}/${count}`);
    if (events >= count) return lastAt!;
    // The stand-in stamps each answer, so polling rarely costs no precision, and leaves the CPU to the app.
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The ceiling: the events cut into batches at the destination's limits and their bodies framed by
 * its module before the clock starts (as the Datadog ceiling's JSON); gzip (when the destination
 * gzips) and the POSTs, one after another, inside it.
 */
async function measureCeiling(
  destination: Destination,
  benched: BenchEvent[],
  report: (text: string) => void,
): Promise<number> {
  const standin = await startStandin(destination.type as BenchedType);
  try {
    const config = destination.configOf(sinkOf(standin.receiver));
    const plan = destination.request(config, { urlTemplate: "" });
    const events: StoredEvent[] = parseIngestBody(JSON.stringify(benched)).map((e, i) => ({
      seq: BigInt(i + 1),
      logId: e.logId,
      type: e.type,
      item: itemText(e.item),
    }));
    const bodies: string[] = [];
    for (let rest = events; rest.length > 0;) {
      const { batch } = fillBatch(rest.slice(0, destination.limits(config).maxItems), [], {
        destination,
        config,
        conceal: null,
        now: new Date(),
      });
      bodies.push(
        destination.encodeBody(
          batch.items.map((item) => item.json),
          config,
        ),
      );
      rest = rest.slice(batch.items.length);
    }
    const started = Date.now();
    for (const [index, body] of bodies.entries()) {
      const response = await request(plan.url, {
        method: "POST",
        dispatcher: plan.dispatcher,
        headers: plan.headers,
        body: plan.gzip ? await gzip(body) : body,
      });
      const text = await response.body.text();
      if (response.statusCode >= 300)
        throw new Error(`the ${destination.type} stand-in answered ${response.statusCode}: ${text}`);
      report(`sent body ${index + 1}/${bodies.length}`);
    }
    return rate(events.length, Date.now() - started);
  } finally {
    standin.stop();
  }
}

/** `ingestMs` and `totalMs`: from the first ingest to the last 202, and to the last event delivered (how much of the run ingestion took). */
type EndToEnd = {
  rate: number;
  ingestMs: number;
  totalMs: number;
  cpuMsPer1000: { app: number; standin: number; bench: number };
};

export async function benchDestination(options: Options) {
  const type = options.type as BenchedType;
  const destination = destinationOf(type);
  const run = crypto.randomBytes(3).toString("hex");
  const tokens = benchTokens(run);
  const database = await createTempDatabase();
  if (database.kind !== "sqlite") throw new Error("the destination bench runs on SQLite; unset LOGSTREAMS_TEST_PG_URL");
  console.log("starting it as npm start does (migrate, serve)…");
  const app = await startApp({
    ...tokens,
    ...options.appEnv,
    NEXT_DIST_DIR: options.distDir,
    DATABASE_URL: database.url,
  });
  const ingestAgent = new Agent({ keepAliveTimeout: 30_000 });

  const apiCall = managementApi(app.url, tokens.LOGSTREAMS_API_TOKEN);

  /** One stream, first ingest to the last event answered by the stand-in, with the CPU time per 1000 events of the app, the stand-in and the bench. */
  async function measureEndToEnd(key: string, report: (text: string) => void): Promise<EndToEnd> {
    const standin = await startStandin(type);
    try {
      const bodies = ingestBodies(benchEvents(options.events, key));
      const stream = await apiCall("POST", "/api/v2/log-streams", {
        name: `bench ${key}`,
        type,
        sink: sinkOf(standin.receiver),
      });
      const cpuNow = () => cpuUsedMs(app.process.pid!, standin.pid);
      const before = cpuNow();
      const started = Date.now();
      for (const [index, body] of bodies.entries()) {
        await postIngest(app.url, tokens.LOGSTREAMS_INGEST_TOKEN, body, ingestAgent);
        report(`ingested body ${index + 1}/${bodies.length}`);
      }
      const ingestMs = Date.now() - started;
      const lastAt = await waitForEvents(standin, options.events, report);
      const after = cpuNow();
      await apiCall("PATCH", `/api/v2/log-streams/${stream.id}`, { status: "paused" });
      const per1000 = (ms: number) => Math.round((ms / options.events) * 1000 * 10) / 10;
      return {
        rate: rate(options.events, lastAt - started),
        ingestMs,
        totalMs: lastAt - started,
        cpuMsPer1000: {
          app: per1000(after.app - before.app),
          standin: per1000(after.receiver - before.receiver),
          bench: per1000(after.bench - before.bench),
        },
      };
    } finally {
      standin.stop();
    }
  }

  const ceilings: number[] = [];
  const endToEnds: EndToEnd[] = [];
  const percents: number[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      ceilings.push(
        await measureCeiling(
          destination,
          benchEvents(options.events, `ceiling-${type}-${run}-${round}`),
          progress(`${type} ceiling ${round}/${options.rounds}`),
        ),
      );
      const report = progress(`${type} end-to-end ${round}/${options.rounds}`);
      endToEnds.push(await measureEndToEnd(`e2e-${type}-${run}-${round}`, report));
      const { rate: e2e, ingestMs, totalMs, cpuMsPer1000: cpu } = endToEnds.at(-1)!;
      percents.push(Math.round((e2e / ceilings.at(-1)!) * 100));
      report(
        `ceiling ${ceilings.at(-1)} events/s, end-to-end ${e2e} events/s = ${percents.at(-1)} % (ingestion took ${ingestMs} of its ${totalMs} ms); CPU per 1000 events: app ${cpu.app}, stand-in ${cpu.standin}, bench ${cpu.bench} ms`,
        true,
      );
    }
  } finally {
    await app.stop();
    await ingestAgent.close();
  }
  fs.rmSync(path.dirname(database.filePath), { recursive: true, force: true });

  const ceiling = median(ceilings);
  const endToEnd = endToEnds.find((e) => e.rate === median(endToEnds.map((m) => m.rate)))!;
  const results = {
    ceilingEventsPerSecond: ceiling,
    endToEndEventsPerSecond: endToEnd.rate,
    endToEndPercentOfCeiling: Math.round((endToEnd.rate / ceiling) * 100),
    medianRoundPercentOfCeiling: median(percents),
    cpuMsPer1000: endToEnd.cpuMsPer1000,
  };
  const { cpuMsPer1000: cpu } = endToEnd;
  console.log(
    `\n${destination.label} (${type}), ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}; medians of ${options.rounds} rounds\n`,
  );
  console.log("| measure | result | target |\n|---|---|---|");
  console.log(`| ceiling (the module's bodies POSTed one after another to the stand-in) | ${ceiling} events/s | |`);
  console.log(
    `| end-to-end (${options.events} events, 1 stream) | ${endToEnd.rate} events/s = ${results.endToEndPercentOfCeiling} % of ceiling (rounds: ${percents.join(", ")} %; CPU per 1000 events: app ${cpu.app}, stand-in ${cpu.standin}, bench ${cpu.bench} ms) | ≥ 70 % |`,
  );
  const file = path.join(
    ROOT,
    "bench/results",
    `${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}-${type}.json`,
  );
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cores: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
        destination: type,
        flags: options,
        rounds: { ceilings, endToEnds },
        results,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${path.relative(ROOT, file)}`);
}

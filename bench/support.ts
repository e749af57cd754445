import { fork, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { request, type Agent } from "undici";
import { itemText } from "@/lib/events/item-json";
import { parseIngestBody } from "@/lib/ingest/parse";
import { intakeClient } from "@/standins/intake-client";
import { fixtureEvents } from "@/tests/support/delivery";
import { ROOT, freePort } from "@/tests/support/app-server";

export type BenchEvent = { log_id: string; data: Record<string, unknown> };

/**
 * `count` fixture events with unique log_ids, without their bulky `details` (~610 bytes
 * each instead of ~800) so that 5,000 of them fit the ingestion endpoint's 5 MB body limit.
 * Dated now, as live Auth0 events are (the fixtures' dates soon fall outside Datadog's window),
 * or at `dated` (the backfill part: events older than Datadog's 18-hour window).
 */
/** The app's tokens and secret for one bench run (`run` makes them unique). */
export function benchTokens(run: string) {
  return {
    LOGSTREAMS_API_TOKEN: `bench-api-${run}-0123456789`,
    LOGSTREAMS_INGEST_TOKEN: `bench-ingest-${run}-0123456789`,
    LOGSTREAMS_ADMIN_PASSWORD: "bench-password",
    LOGSTREAMS_SECRET: crypto.randomBytes(32).toString("hex"),
  };
}

export function benchEvents(count: number, run: string, dated = new Date()): BenchEvent[] {
  const base = fixtureEvents();
  const date = dated.toISOString();
  return Array.from({ length: count }, (_, i) => {
    const { details: _details, ...data } = base[i % base.length]!.data;
    const logId = `${run}-${i}`;
    return { log_id: logId, data: { ...data, date, log_id: logId } };
  });
}

/** Events per ingestion request body: the most the 5 MB body limit takes of the bench's events. */
export const INGEST_BODY_EVENTS = 5_000;

/** The events as 5,000-event request bodies, serialised and encoded before any clock starts (we measure the app, not the load generator). */
export function ingestBodies(events: BenchEvent[]): Buffer[] {
  const bodies: Buffer[] = [];
  for (let i = 0; i < events.length; i += INGEST_BODY_EVENTS)
    bodies.push(Buffer.from(JSON.stringify(events.slice(i, i + INGEST_BODY_EVENTS))));
  return bodies;
}

/**
 * POSTs one body to the app's ingestion endpoint and checks its 202. undici's request on a
 * keep-alive agent: the lightest load generator in Node (fetch costs the harness several ms per
 * 5,000-event body in web streams, on the same two cores as the app).
 */
export async function postIngest(appUrl: string, ingestToken: string, body: Buffer, agent: Agent): Promise<void> {
  const response = await request(`${appUrl}/api/v2/logs`, {
    method: "POST",
    dispatcher: agent,
    headers: { authorization: `Bearer ${ingestToken}`, "content-type": "application/json" },
    body,
  });
  const text = await response.body.text();
  if (response.statusCode !== 202) throw new Error(`ingest answered ${response.statusCode}: ${text}`);
}

/** zlib's gzip at its default level, as the ceilings' direct senders compress (the app's own level is its to choose). */
export const gzip = promisify(zlib.gzip);

/** The items Datadog would get for `count` bench events, as the JSON arrays of 1000 the app sends. */
export function intakeBatches(count: number, run: string): string[] {
  const events = parseIngestBody(JSON.stringify(benchEvents(count, run)));
  const batches: string[] = [];
  for (let i = 0; i < events.length; i += 1000)
    batches.push(
      `[${events
        .slice(i, i + 1000)
        .map((e) => itemText(e.item))
        .join(",")}]`,
    );
  return batches;
}

/** POSTs a gzip'ed batch straight to the intake's Datadog route, as the app would. */
export async function postToIntake(intakeUrl: string, key: string, gzipped: Buffer, agent: Agent): Promise<void> {
  const response = await request(`${intakeUrl}/datadoghq.com/api/v2/logs`, {
    method: "POST",
    dispatcher: agent,
    headers: { "DD-API-KEY": key, "Content-Type": "application/json", "Content-Encoding": "gzip" },
    body: gzipped,
  });
  await response.body.text();
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function startIntakeProcess(): Promise<{
  url: string;
  urlTemplate: string;
  client: ReturnType<typeof intakeClient>;
  pid: number;
  /** Forgets every arrival and fault, its garbage collected before this resolves. */
  empty: () => Promise<void>;
  stop: () => void;
}> {
  const child = fork(path.join(ROOT, "bench/intake-process.ts"), {
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: "ignore",
  });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (m) => resolve((m as { port: number }).port)),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    urlTemplate: `${url}/{site}/api/v2/logs`,
    client: intakeClient(url),
    pid: child.pid!,
    empty: () =>
      new Promise<void>((resolve) => {
        child.once("message", () => resolve());
        child.send("empty");
      }),
    stop: () => child.kill("SIGKILL"),
  };
}

/**
 * Starts the app the way `npm start` does (bin/start.mjs: build if missing, migrate, serve), in a
 * process group of its own; `viaNpm` runs `npm start` itself, so the group holds what a user's holds.
 */
export async function startApp(
  env: Record<string, string>,
  { viaNpm = false } = {},
): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const [command, args] = viaNpm ? ["npm", ["start"]] : [process.execPath, ["bin/start.mjs"]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("the app did not start within 5 minutes");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    stop: async () => {
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** A process's descendants (the app behind bin/start.mjs), from Linux's /proc. */
function descendantPids(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const stack = [...(children.get(pid) ?? [])];
  while (stack.length > 0) {
    const current = stack.pop()!;
    found.push(current);
    stack.push(...(children.get(current) ?? []));
  }
  return found;
}

function sumOverDescendants(pid: number, read: (pid: number) => number): number {
  return descendantPids(pid).reduce((total, current) => {
    try {
      return total + read(current);
    } catch {
      return total; // exited meanwhile
    }
  }, 0);
}

/** Resident memory of a process's descendants, in bytes. */
export function descendantsRss(pid: number): number {
  return sumOverDescendants(pid, processRss);
}

/** The processes of a process group (the app started by startApp: its pid is the group's id), from Linux's /proc. */
function processGroup(pgid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      found.push({
        pid: Number(entry),
        command: fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").slice(0, 2).join(" "),
      });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Resident memory of each process of a process group, in bytes, by command line (its first two words). */
export function processGroupRss(pgid: number): Map<string, number> {
  const byCommand = new Map<string, number>();
  for (const { pid, command } of processGroup(pgid)) {
    try {
      byCommand.set(command, (byCommand.get(command) ?? 0) + processRss(pid));
    } catch {
      // exited meanwhile
    }
  }
  return byCommand;
}

function processRss(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
}

/** Two of /proc/<pid>/stat's clock-tick fields summed, in ms (numbered after the command: 11 is utime). */
function statTicksMs(pid: number, first: number): number {
  const clockTicksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[first]) + Number(fields[first + 1])) / clockTicksPerMs;
}

/** CPU time (user + system, all threads) used so far by one process, in ms. */
export const processCpuMs = (pid: number) => statTicksMs(pid, 11);

/** CPU time used so far by a process's children that have exited and been waited for (PostgreSQL's backends gone), in ms. */
export const exitedChildrenCpuMs = (pid: number) => statTicksMs(pid, 13);

/** CPU time used so far by a process's descendants, in ms. */
export function descendantsCpuMs(pid: number): number {
  return sumOverDescendants(pid, processCpuMs);
}

/**
 * Waits until a started app's processes are idle (at most one 10 ms clock tick of CPU in 200 ms):
 * after /healthz answers, its warm-ups still run for ~0.3 s and would slow what is measured next.
 */
export async function untilIdle(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let before = descendantsCpuMs(pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = descendantsCpuMs(pid);
    if (now - before <= 10) return;
    before = now;
  }
}

/** CPU time used so far, in ms: the app (all its processes), the process receiving its requests (`receiverPid`: intake or stand-in), and the bench itself. */
export function cpuUsedMs(appPid: number, receiverPid: number): { app: number; receiver: number; bench: number } {
  const bench = process.cpuUsage();
  return {
    app: descendantsCpuMs(appPid),
    receiver: processCpuMs(receiverPid),
    bench: (bench.user + bench.system) / 1000,
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Prints a progress line at most once a second. */
export function progress(label: string) {
  let last = 0;
  return (text: string, force = false) => {
    if (!force && Date.now() - last < 1000) return;
    last = Date.now();
    console.log(`  ${label}: ${text}`);
  };
}

/**
 * A Management API caller for the bench's app; a refusal fails the bench at once. `connection: close`:
 * these calls come after long pauses, when a kept-alive socket may already be closed by the server.
 */
export function managementApi(appUrl: string, apiToken: string) {
  return async (method: string, route: string, body?: unknown): Promise<{ id: string }> => {
    const response = await fetch(`${appUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json", connection: "close" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as { id: string };
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
}

import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import os from "node:os";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freePort, ROOT } from "../support/app-server";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher, uniqueEvents } from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

const context = setUpDeliveryTests();

/** GET /metrics through the same handler as the app's route, with `token`. */
async function scrape(token: string) {
  const { serveMetrics } = await import("@/lib/api/metrics");
  const response = await serveMetrics(
    new Request("http://test/metrics", { headers: { authorization: `Bearer ${token}` } }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, text: await response.text() };
}

/** The value of one sample line, e.g. sample(text, 'logstreams_stream_backlog_events{stream_id="lst_…"}'); undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
// Before any lib code reads the environment (it is checked once per process).
process.env.LOGSTREAMS_METRICS_TOKEN = METRICS_TOKEN;

describe("GET /metrics", () => {
  it("refuses a missing or wrong token with an Auth0 error body, and answers the metrics token", async () => {
    const { serveMetrics } = await import("@/lib/api/metrics");
    const missing = await serveMetrics(new Request("http://test/metrics"), { params: Promise.resolve({}) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({
      statusCode: 401,
      error: "Unauthorized",
      errorCode: "missing_authorization",
    });
    const wrong = await scrape("not-the-metrics-token-at-all");
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toMatchObject({ statusCode: 401, errorCode: "invalid_token" });
    const right = await scrape(METRICS_TOKEN);
    expect(right.status).toBe(200);
    for (const name of [
      "logstreams_events_ingested_total",
      "logstreams_intake_request_duration_seconds",
      "process_cpu_user_seconds_total",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(right.text).toContain(`# TYPE ${name} `);
    }
  });

  it("counts stored events (not duplicates), deliveries and intake answers per stream", async () => {
    const before = sample((await scrape(METRICS_TOKEN)).text, "logstreams_events_ingested_total") ?? 0;
    const { stream } = await createTestStream();
    const events = uniqueEvents(25);
    await ingest(events);
    await ingest(events.slice(0, 10)); // duplicates: not stored, not counted
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const { text } = await scrape(METRICS_TOKEN);
    expect(sample(text, "logstreams_events_ingested_total")).toBe(before + 25);
    expect(sample(text, `logstreams_stream_events_delivered_total{stream_id="${stream.id}"}`)).toBe(25);
    expect(sample(text, `logstreams_stream_events_failed_total{stream_id="${stream.id}"}`)).toBe(0);
    expect(sample(text, `logstreams_stream_backlog_events{stream_id="${stream.id}"}`)).toBe(0);
    expect(sample(text, `logstreams_stream_lag_seconds{stream_id="${stream.id}"}`)).toBe(0);
    expect(
      sample(
        text,
        `logstreams_stream_info{stream_id="${stream.id}",name="${stream.name}",type="datadog",region="us",status="active"}`,
      ),
    ).toBe(1);
    expect(sample(text, `logstreams_intake_requests_total{stream_id="${stream.id}",code="202"}`)).toBe(1);
  });

  it.each([
    ["http", { httpEndpoint: "http://127.0.0.1:9/hook" }],
    ["splunk", { splunkDomain: "127.0.0.1", splunkPort: "9", splunkToken: "metrics-hec-token-0123" }],
    ["sumo", { sumoSourceAddress: "http://127.0.0.1:9/receiver/v1/http/metricsSourceToken0123456789" }],
  ])("labels a %s stream's info with its type", async (type, sink) => {
    const { stream } = await createTestStream({ type, sink });
    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "paused" }); // nothing listens at its address
    const { text } = await scrape(METRICS_TOKEN);
    expect(text).toContain(`logstreams_stream_info{stream_id="${stream.id}",name="${stream.name}",type="${type}",`);
  });

  it("counts failed events and every intake answer, and keeps the totals when old records are pruned", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 503, times: 4 });
    await ingest(uniqueEvents(7));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    context.intake.setFault(apiKey, { status: 400, times: 1 });
    await ingest(uniqueEvents(3));
    await dispatcher.runPass();
    await ingest(uniqueEvents(5));
    await dispatcher.runPass();

    const { pruneExpired } = await import("@/lib/events/retention");
    await pruneExpired(new Date(Date.now() + 400 * 24 * 60 * 60 * 1000));
    const { text } = await scrape(METRICS_TOKEN);
    const series = (name: string, extra = "") => `${name}{stream_id="${stream.id}"${extra}}`;
    expect(sample(text, series("logstreams_stream_events_failed_total"))).toBe(10);
    expect(sample(text, series("logstreams_stream_events_delivered_total"))).toBe(5);
    expect(sample(text, series("logstreams_intake_requests_total", ',code="503"'))).toBe(4);
    expect(sample(text, series("logstreams_intake_requests_total", ',code="400"'))).toBe(1);
    expect(sample(text, series("logstreams_intake_requests_total", ',code="202"'))).toBe(1);
  });

  it("labels an answer that never came as timeout", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { hang: true, times: 4 });
    await ingest(uniqueEvents(1));
    const { dispatcher } = await testDispatcher({ timeoutMs: 200 });
    await dispatcher.runPass();
    const { text } = await scrape(METRICS_TOKEN);
    expect(sample(text, `logstreams_intake_requests_total{stream_id="${stream.id}",code="timeout"}`)).toBe(4);
  });

  it("reports a paused stream's waiting events and the age of the oldest", async () => {
    const { stream } = await createTestStream();
    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "paused" });
    const { storeEvents } = await import("@/lib/events/store");
    const { parseIngestBody } = await import("@/lib/ingest/parse");
    const receivedAt = new Date("2026-11-30T10:00:00Z");
    await storeEvents(parseIngestBody(JSON.stringify(uniqueEvents(12))), receivedAt);
    await storeEvents(parseIngestBody(JSON.stringify(uniqueEvents(3))), new Date("2026-11-30T10:05:00Z"));

    const { readMetricsSnapshot } = await import("@/lib/health/metrics");
    const snapshot = await readMetricsSnapshot(new Date("2026-11-30T10:10:00Z"));
    expect(snapshot.streams.find((s) => s.id === stream.id)).toMatchObject({
      status: "paused",
      backlog: 15n,
      lagSeconds: 600,
    });
  });
});

describe("npm run worker with LOGSTREAMS_METRICS_PORT", () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

  it("serves the same endpoint, with this process's intake requests", async () => {
    const port = await freePort();
    const worker = spawn(process.execPath, ["dist/worker.mjs"], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOGSTREAMS_METRICS_PORT: String(port),
        LOGSTREAMS_METRICS_TOKEN: METRICS_TOKEN,
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    });
    children.push(worker);
    const { stream } = await createTestStream();
    await ingest(uniqueEvents(4));
    const get = (token: string) =>
      fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    await vi.waitFor(
      async () => {
        const text = await (await get(METRICS_TOKEN)).text();
        expect(sample(text, `logstreams_stream_events_delivered_total{stream_id="${stream.id}"}`)).toBe(4);
        expect(sample(text, `logstreams_intake_requests_total{stream_id="${stream.id}",code="202"}`)).toBe(1);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect((await get(fakeDatadogApiKey())).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});

/** Sends `requestLine` as is and resolves with the answer's status line ("" when the connection closed without one). */
function rawRequest(port: number, requestLine: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = net.connect(port, "127.0.0.1", () =>
      socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("end", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

describe("npm run worker's metrics port", () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

  it("answers every request, one whose target is no URL too, and listens on 127.0.0.1 only unless LOGSTREAMS_METRICS_HOST says so", async () => {
    const port = await freePort();
    const worker = spawn(process.execPath, ["dist/worker.mjs"], {
      cwd: ROOT,
      env: { ...process.env, LOGSTREAMS_METRICS_PORT: String(port), LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    children.push(worker);
    let exitCode: number | null = null;
    worker.once("exit", (code) => (exitCode = code));
    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404), {
      timeout: 30_000,
      interval: 100,
    });

    expect(await rawRequest(port, "GET //[ HTTP/1.1")).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawRequest(port, "GET http://[ HTTP/1.1")).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawRequest(port, "GET http://worker/metrics HTTP/1.1")).toBe("HTTP/1.1 401 Unauthorized");
    expect(
      (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }))
        .status,
    ).toBe(200);
    expect(exitCode).toBeNull();

    const otherAddress = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal)?.address;
    if (otherAddress) await expect(fetch(`http://${otherAddress}:${port}/metrics`)).rejects.toThrow();
  });

  it("stops start-up with one line when LOGSTREAMS_METRICS_HOST is not an address", () => {
    const check = spawnSync(process.execPath, ["dist/check-env.mjs"], {
      cwd: ROOT,
      env: { ...process.env, LOGSTREAMS_METRICS_HOST: "every-interface" },
      encoding: "utf8",
    });
    expect(check.status).toBe(1);
    expect(check.stderr.trim()).toBe(
      "Invalid environment: LOGSTREAMS_METRICS_HOST must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0",
    );
  });
});

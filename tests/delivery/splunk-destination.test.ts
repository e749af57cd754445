import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSplunkHec, type SplunkHec } from "@/standins/splunk-hec";
import { startWebhookReceiver, type WebhookReceiver } from "@/standins/webhook-receiver";
import {
  createTestStream,
  failuresOf,
  streamRow,
  ingest,
  testDispatcher,
  uniqueEvents,
  workerProcesses,
  setUpDeliveryTests,
  skipThenRestart,
  type FixtureEvent,
} from "../support/delivery";

// The engine's rules (retries, 413 split, suspend on a refused token, replay, skip, filters, PII,
// restart safety) for a Splunk stream, against a loopback HEC over HTTPS with a self-signed certificate.
setUpDeliveryTests();
const METRICS_TOKEN = "metrics-token-for-splunk-tests-0123";
// Before any lib code reads the environment (it is checked once per process).
process.env.LOGSTREAMS_METRICS_TOKEN = METRICS_TOKEN;

let hec: SplunkHec;
let alertHook: WebhookReceiver;
beforeAll(async () => {
  hec = await startSplunkHec();
  alertHook = await startWebhookReceiver();
});
afterAll(async () => {
  await hec.close();
  await alertHook.close();
});

/** A HEC token of its own, accepted by the stand-in. */
function newToken(): string {
  const token = crypto.randomUUID();
  hec.addToken(token);
  return token;
}

/** A Splunk stream to the stand-in, with a token of its own; its self-signed certificate accepted unless the sink says otherwise. */
async function splunkStream(sink: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  const token = newToken();
  const { stream } = await createTestStream({
    type: "splunk",
    sink: { splunkDomain: hec.domain, splunkPort: hec.port, splunkToken: token, splunkSecure: false, ...sink },
    ...overrides,
  });
  return { stream, token };
}

const asAuth0Sends = (events: FixtureEvent[]) => events.map(({ log_id, data }) => ({ log_id, data }));
const logIdsOf = (token: string) => hec.received(token).map((e) => (e.event as { log_id: string }).log_id);

async function splunk() {
  const { destinationOf } = await import("@/lib/destinations/registry");
  return destinationOf("splunk");
}

describe("Splunk delivery", () => {
  it("sends HEC events (time from data.date, the tenant as host, source and sourcetype auth0, Auth0's {log_id, data}) stacked and gzip'ed with the token", async () => {
    const { token } = await splunkStream();
    const events = uniqueEvents(5);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const [request, ...others] = hec.requests(token);
    expect(others).toEqual([]);
    expect(request!.headers).toMatchObject({
      authorization: `Splunk ${token}`,
      "content-encoding": "gzip",
      "content-type": "application/json",
    });
    expect(request!.body.startsWith('{"time":')).toBe(true);
    expect(request!.body).not.toMatch(/^\[|\}\s*,\s*\{/); // no array, no commas between events
    expect(hec.received(token)).toEqual(
      events.map((e) => ({
        time: Date.parse(String(e.data.date)) / 1000,
        host: e.data.hostname,
        source: "auth0",
        sourcetype: "auth0",
        event: { log_id: e.log_id, data: e.data },
      })),
    );
  });

  it("cuts batches at 500 events", async () => {
    const { token } = await splunkStream();
    await ingest(uniqueEvents(501));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(
      hec
        .requests(token)
        .map((r) => r.events.length)
        .sort((a, b) => b - a),
    ).toEqual([500, 1]);
  });

  it("with splunkSecure true refuses HEC's self-signed certificate: retried, then a failure record, nothing sent", async () => {
    const { stream, token } = await splunkStream({ splunkSecure: true });
    await ingest(uniqueEvents(3));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(hec.requests(token)).toEqual([]);
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 4, statusCode: null, eventCount: 3 });
    expect(failure!.error).toMatch(/certificate/i);
  });

  it("retries server busy (code 9, honouring Retry-After) and 5xx, then delivers or records the failure", async () => {
    const { stream, token } = await splunkStream();
    hec.setFault(token, { status: 503, retryAfter: 7, times: 1 });
    await ingest(uniqueEvents(3));
    const { dispatcher, sleeps } = await testDispatcher();
    await dispatcher.runPass();
    expect(hec.requests(token).map((r) => [r.status, r.code])).toEqual([
      [503, 9],
      [200, 0],
    ]);
    expect(sleeps).toEqual([7_000]);

    hec.setFault(token, { status: 500, times: 4 });
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    expect(hec.requests(token).map((r) => r.status)).toEqual([503, 200, 500, 500, 500, 500]);
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 4, statusCode: 500, eventCount: 2 });
  });

  it("splits a batch HEC answers 413, and fails a batch of invalid data at once with HEC's words", async () => {
    const { stream, token } = await splunkStream();
    hec.setFault(token, { maxBytes: 1, times: 1 });
    const events = uniqueEvents(5);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(hec.requests(token).map((r) => [r.status, r.events.length])).toEqual([
      [413, 0],
      [200, 3],
      [200, 2],
    ]);
    expect(logIdsOf(token)).toEqual(events.map((e) => e.log_id));

    hec.setFault(token, { status: 400, code: 6, times: 1 });
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 1, statusCode: 400, eventCount: 2 });
    expect(failure!.error).toContain("Invalid data format");
  });

  it("does not follow a redirect: the batch fails, nothing is sent to its target", async () => {
    const { stream, token } = await splunkStream();
    hec.setFault(token, {
      status: 307,
      code: 0,
      location: `https://${hec.domain}:${hec.port}/services/collector/event`,
      times: 1,
    });
    await ingest(uniqueEvents(2));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(hec.requests(token).map((r) => r.status)).toEqual([307]);
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 1, statusCode: 307, eventCount: 2 });
    expect(failure!.error).toContain("redirects are not followed");
  });

  it("suspends at its place on a disabled token, with Health's reason and an alert naming Splunk; the token enabled again resumes it where it stopped", async () => {
    const { stream, token } = await splunkStream();
    hec.disableToken(token);
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const row = await streamRow(stream.id);
    expect(row.status).toBe("suspended");
    expect(row.statusReason).toBe((await splunk()).refusedReason(403));
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ statusCode: 403, eventCount: 3 });
    expect(failure!.error).toContain("Token disabled");

    const { saveAlertWebhookUrl } = await import("@/lib/alerts/webhook-url");
    const { checkStreamAlerts } = await import("@/lib/alerts/stream-alerts");
    await saveAlertWebhookUrl(alertHook.urlFor("/alerts"));
    try {
      await checkStreamAlerts(new Date());
      const alert = alertHook.requests("/alerts").find((r) => r.body.includes(stream.name));
      expect(alert!.body).toContain("Splunk refused the HEC token (403)");
      expect(alert!.body).not.toContain(token);
    } finally {
      await saveAlertWebhookUrl("");
    }

    // The worker's credentials check (an empty POST) finds the token accepted again.
    hec.addToken(token);
    const { healSuspendedStreams } = await import("@/lib/delivery/key-heal");
    expect(await healSuspendedStreams(new Date(Date.now() + 2 * 60 * 60_000))).toBe(1);
    expect((await streamRow(stream.id)).status).toBe("active");
    const after = uniqueEvents(2);
    await ingest(after);
    await dispatcher.runPass();
    expect(logIdsOf(token)).toEqual([...events, ...after].map((e) => e.log_id));
  });

  it("suspends on an invalid token without the token in the failure or the stored sink; a new token resumes where it stopped", async () => {
    const { stream, token } = await splunkStream();
    hec.setFault(token, { status: 401, code: 3, echoAuthorization: true, times: 1 });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    expect((await streamRow(stream.id)).status).toBe("suspended");
    const [failure] = await failuresOf(stream.id);
    expect(failure!.statusCode).toBe(401);
    expect(failure!.error).not.toContain(token);
    expect(failure!.error).toContain(token.slice(-4));
    const stored = await streamRow(stream.id);
    expect(`${stored.sinkConfig} ${stored.sinkSecretsEncrypted}`).not.toContain(token);

    const { updateStream } = await import("@/lib/streams/streams");
    const { updateStreamSchema } = await import("@/lib/streams/schemas");
    const { toApiStream } = await import("@/lib/streams/serialize");
    const newer = newToken();
    const updated = await updateStream(stream.id, updateStreamSchema.parse({ sink: { splunkToken: newer } }));
    expect(JSON.stringify(toApiStream(updated))).not.toContain(newer);
    expect((await streamRow(stream.id)).status).toBe("active");
    const after = uniqueEvents(2);
    await ingest(after);
    await dispatcher.runPass();
    // Its place was kept: the refused events go first, with the new token.
    expect(logIdsOf(newer)).toEqual([...events, ...after].map((e) => e.log_id));
  });

  it("replays a failure to HEC", async () => {
    const { stream, token } = await splunkStream();
    hec.setFault(token, { status: 400, code: 12, times: 1 });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const [failure] = await failuresOf(stream.id);
    const { replayFailure } = await import("@/lib/delivery/replay");
    const { defaultDeliveryContext } = await import("@/lib/delivery/context");
    expect(await replayFailure(failure!.id, defaultDeliveryContext())).toMatchObject({ result: "delivered" });
    expect(logIdsOf(token)).toEqual(events.map((e) => e.log_id));
  });

  it("applies filters and the PII rule", async () => {
    const { token } = await splunkStream(
      {},
      {
        filters: [{ type: "category", name: "auth.login.success" }],
        pii_config: { log_fields: ["username", "email"], method: "mask" },
      },
    );
    const events = uniqueEvents(60);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const { categoryOfEventType } = await import("@/lib/streams/categories");
    const logins = events.filter((e) => categoryOfEventType(String(e.data.type)) === "auth.login.success");
    expect(logins.length).toBeGreaterThan(0);
    expect(logIdsOf(token)).toEqual(logins.map((e) => e.log_id));
    const sent = hec.received(token).map((e) => e.event as FixtureEvent);
    expect(sent.some((e) => "user_name" in e.data)).toBe(true);
    for (const event of sent) if ("user_name" in event.data) expect(event.data.user_name).toBe("******");
    expect(sent).not.toEqual(asAuth0Sends(logins));
  });

  it("skips what waits, and a second worker goes on where the first stopped (restart)", async () => {
    const { stream, token } = await splunkStream();
    const expected = await skipThenRestart(stream.id);
    expect(logIdsOf(token)).toEqual(expected.map((e) => e.log_id));
  });

  it("shows in the metrics with its type, and in Health's counts", async () => {
    const { stream } = await splunkStream();
    await ingest(uniqueEvents(4));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const { serveMetrics } = await import("@/lib/api/metrics");
    const response = await serveMetrics(
      new Request("http://test/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }),
      { params: Promise.resolve({}) },
    );
    const text = await response.text();
    expect(text).toContain(`logstreams_stream_info{stream_id="${stream.id}",name="${stream.name}",type="splunk",`);
    expect(text).toContain(`logstreams_stream_events_delivered_total{stream_id="${stream.id}"} 4`);
    const { getHealthSummary } = await import("@/lib/health/summary");
    expect(await getHealthSummary(await streamRow(stream.id), "1h")).toMatchObject({
      deliveredInRange: 4,
      failedInRange: 0,
      backlog: 0,
    });
  });
});

describe("the worker's log of a Splunk stream", () => {
  const workers = workerProcesses();

  it("has the retry, the failure and the suspension, and never the token (even when HEC echoes it)", async () => {
    const retried = await splunkStream();
    const suspended = await splunkStream();
    hec.setFault(retried.token, { status: 503, echoAuthorization: true, times: 1 });
    hec.setFault(suspended.token, { status: 401, code: 3, echoAuthorization: true });
    await ingest(uniqueEvents(3));

    const { output, line } = workers.startLogged("info");
    await vi.waitFor(
      () => {
        expect(line("delivery retry scheduled", retried.stream.id)).toMatchObject({ status_code: 503, attempt: 1 });
        expect(line("delivery failure recorded", suspended.stream.id)).toMatchObject({
          status_code: 401,
          event_count: 3,
        });
        expect(line("stream suspended", suspended.stream.id)).toBeDefined();
        expect(logIdsOf(retried.token)).toHaveLength(3);
      },
      { timeout: 30_000, interval: 100 },
    );
    for (const { token } of [retried, suspended]) expect(output()).not.toContain(token);
  });
});

describe("the HEC stand-in", () => {
  it("answers as HEC does: the token header, strictly stacked events, the event field", async () => {
    const { Agent, request } = await import("undici");
    const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
    const token = newToken();
    const post = async (
      body: string,
      headers: Record<string, string> = { authorization: `Splunk ${token}` },
      path = "/services/collector/event",
    ) => {
      const answer = await request(`https://${hec.domain}:${hec.port}${path}`, {
        method: "POST",
        headers,
        body,
        dispatcher,
      });
      return { status: answer.statusCode, ...((await answer.body.json()) as { code: number }) };
    };
    try {
      expect(await post('{"event":{"a":1}} {"event":"b"}\n{"time":1,"event":{}}')).toMatchObject({
        status: 200,
        code: 0,
        text: "Success",
      });
      expect(await post("{}", {})).toMatchObject({ status: 401, code: 2 });
      expect(await post("{}", { authorization: `Bearer ${token}` })).toMatchObject({ status: 401, code: 3 });
      expect(await post("{}", { authorization: "Splunk not-a-token" })).toMatchObject({ status: 403, code: 4 });
      expect(await post("")).toMatchObject({ status: 400, code: 5, text: "No data" });
      expect(await post('[{"event":1}]')).toMatchObject({ status: 400, code: 6, "invalid-event-number": 0 });
      expect(await post('{"event":1},{"event":2}')).toMatchObject({ status: 400, code: 6, "invalid-event-number": 1 });
      expect(await post('{"event":1}{"host":"x"}')).toMatchObject({ status: 400, code: 12, "invalid-event-number": 1 });
      expect(await post('{"event":""}')).toMatchObject({ status: 400, code: 13 });
      expect(await post('{"event":1}', undefined, "/services/collector/raw")).toMatchObject({ status: 404 });
      expect(hec.received(token)).toHaveLength(3);
    } finally {
      await dispatcher.close();
    }
  });
});

describe("Splunk's Check token", () => {
  const configOf = async (token: string, isSecure = false) =>
    (await splunk()).configOf({
      splunkDomain: hec.domain,
      splunkPort: hec.port,
      splunkToken: token,
      splunkSecure: isSecure,
    });

  it("says valid when HEC answers the empty POST 'No data' (400, code 5)", async () => {
    const token = newToken();
    expect(await (await splunk()).checkCredentials!(await configOf(token))).toEqual({ result: "valid" });
    expect(hec.requests(token).map((r) => [r.status, r.code, r.body])).toEqual([[400, 5, ""]]);
  });

  it("says invalid for an unknown or disabled token, and unreachable (without the token) when the certificate is refused", async () => {
    const { checkCredentials } = await splunk();
    expect(await checkCredentials!(await configOf(crypto.randomUUID()))).toEqual({
      result: "invalid",
      statusCode: 403,
    });
    const disabled = newToken();
    hec.disableToken(disabled);
    expect(await checkCredentials!(await configOf(disabled))).toEqual({ result: "invalid", statusCode: 403 });
    const token = newToken();
    const refused = await checkCredentials!(await configOf(token, true));
    expect(refused).toMatchObject({ result: "unreachable", detail: expect.stringMatching(/CERT/) });
    expect(JSON.stringify(refused)).not.toContain(token);
  });
});

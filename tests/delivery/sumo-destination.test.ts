import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSumoSource, type SumoSourceStandin } from "@/standins/sumo-source";
import {
  createTestStream,
  failuresOf,
  streamRow,
  ingest,
  setUpDeliveryTests,
  skipThenRestart,
  testDispatcher,
  uniqueEvents,
  workerProcesses,
} from "../support/delivery";

// The engine's rules (retries, 413 split, suspend on a refused or deleted source, replay, skip,
// filters, PII, restart safety) for a Sumo Logic stream, against a loopback HTTP source.
setUpDeliveryTests();
let sumo: SumoSourceStandin;
beforeAll(async () => {
  sumo = await startSumoSource();
});
afterAll(() => sumo.close());

/** A Sumo Logic stream to an HTTP source of its own. */
async function sumoStream(overrides: Record<string, unknown> = {}) {
  const source = sumo.createSource();
  const { stream } = await createTestStream({
    type: "sumo",
    sink: { sumoSourceAddress: source.address },
    ...overrides,
  });
  return { stream, ...source };
}

const byLogId = (a: { log_id: string }, b: { log_id: string }) => a.log_id.localeCompare(b.log_id);
const asAuth0Sends = (events: { log_id: string; data: Record<string, unknown> }[]) =>
  events.map((event) => ({ log_id: event.log_id, data: event.data }));

describe("Sumo Logic delivery", () => {
  const workers = workerProcesses();

  it("sends each event as {log_id, data}, one a line, gzip'ed", async () => {
    const { token } = await sumoStream();
    const events = uniqueEvents(5);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const [request, ...others] = sumo.requests(token);
    expect(others).toEqual([]);
    expect(request!.headers["content-encoding"]).toBe("gzip");
    expect(request!.bodyBytes).toBeLessThan(Buffer.byteLength(request!.text));
    expect(request!.text.endsWith("}\n")).toBe(true);
    expect(request!.lines.map((line) => JSON.parse(line) as unknown)).toEqual(asAuth0Sends(events));
  });

  it("keeps each request within 1 MB uncompressed", async () => {
    const { token } = await sumoStream();
    const events = uniqueEvents(300).map((event) => ({
      ...event,
      data: { ...event.data, description: "x".repeat(4_000) },
    }));
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const requests = sumo.requests(token);
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) expect(Buffer.byteLength(request.text)).toBeLessThanOrEqual(1_000_000);
    // Batches go out side by side: their order of arrival may vary.
    expect(sumo.received(token).sort(byLogId)).toEqual(asAuth0Sends(events).sort(byLogId));
  });

  it("retries a 429 (honouring Retry-After) and a 503, then records the failure", async () => {
    const { stream, token } = await sumoStream();
    sumo.setFault(token, { status: 429, retryAfter: 7, times: 1 });
    await ingest(uniqueEvents(3));
    const { dispatcher, sleeps } = await testDispatcher();
    await dispatcher.runPass();
    expect(sumo.requests(token).map((r) => r.status)).toEqual([429, 200]);
    expect(sleeps).toEqual([7_000]);

    sumo.setFault(token, { status: 503, times: 4 });
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    expect(sumo.requests(token).map((r) => r.status)).toEqual([429, 200, 503, 503, 503, 503]);
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 4, statusCode: 503, eventCount: 2 });
  });

  it("splits a batch the source answers 413, and fails a 400 at once", async () => {
    const { stream, token } = await sumoStream();
    const events = uniqueEvents(5);
    await ingest(events);
    // About two events' worth of lines: larger bodies are refused.
    sumo.setFault(token, { maxBytes: 2 * Math.max(...events.map((e) => JSON.stringify(e).length)) + 2 });
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(sumo.requests(token)[0]!.status).toBe(413);
    expect(sumo.received(token).map((e) => e.log_id)).toEqual(events.map((e) => e.log_id));

    sumo.setFault(token, { status: 400, times: 1 });
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 1, statusCode: 400, eventCount: 2 });
  });

  it("records a redirect as a failure naming it, and follows none", async () => {
    const { stream, token } = await sumoStream();
    sumo.setFault(token, { status: 302, times: 1 });
    await ingest(uniqueEvents(2));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 1, statusCode: 302, eventCount: 2 });
    expect(failure!.error).toContain("Sumo Logic answered a redirect (302)");
    expect(sumo.requests(token)).toHaveLength(1);
    expect((await streamRow(stream.id)).status).toBe("active");
  });

  it("suspends at its place when the source was deleted (404), telling what to do; a new address resumes where it stopped", async () => {
    const { stream, token, address } = await sumoStream();
    sumo.setFault(token, { status: 404, echoAddress: true });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const row = await streamRow(stream.id);
    expect(row.status).toBe("suspended");
    expect(row.statusReason).toContain("404");
    expect(row.statusReason).toContain("deleted");
    expect(row.statusReason).toContain("Settings");
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ statusCode: 404, eventCount: 3 });
    expect(failure!.error).toContain("fault 404");
    expect(failure!.error).not.toContain(token);
    expect(failure!.error).not.toContain(address);
    expect(`${row.sinkConfig} ${row.sinkSecretsEncrypted}`).not.toContain(token);

    const replacement = sumo.createSource();
    const { updateStream } = await import("@/lib/streams/streams");
    const { updateStreamSchema } = await import("@/lib/streams/schemas");
    await updateStream(stream.id, updateStreamSchema.parse({ sink: { sumoSourceAddress: replacement.address } }));
    expect((await streamRow(stream.id)).status).toBe("active");
    const after = uniqueEvents(2);
    await ingest(after);
    await dispatcher.runPass();
    expect(sumo.received(replacement.token).map((e) => e.log_id)).toEqual([...events, ...after].map((e) => e.log_id));
  });

  it("suspends when Sumo does not know the token (401: the URL was regenerated), the address and token masked in the failure", async () => {
    const regenerated = await sumoStream();
    sumo.deleteSource(regenerated.token);
    const echoing = await sumoStream();
    sumo.setFault(echoing.token, { status: 401, echoAddress: true });
    await ingest(uniqueEvents(2));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    for (const { stream } of [regenerated, echoing]) {
      const row = await streamRow(stream.id);
      expect(row.status).toBe("suspended");
      expect(row.statusReason).toContain("(401)");
      expect(row.statusReason).toContain("regenerated");
    }
    const [unknown] = await failuresOf(regenerated.stream.id);
    expect(unknown).toMatchObject({ statusCode: 401, eventCount: 2 });
    expect(unknown!.error).toContain("invalid URL token");
    const [echoed] = await failuresOf(echoing.stream.id);
    expect(echoed!.error).toContain("fault 401");
    expect(echoed!.error).not.toContain(echoing.token);
    expect(echoed!.error).not.toContain(echoing.token.slice(0, 40));
    expect(echoed!.error).toContain(`••••${echoing.token.slice(-4)}`);
  });

  it("replays a failure to the source", async () => {
    const { stream, token } = await sumoStream();
    sumo.setFault(token, { status: 400, times: 1 });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const [failure] = await failuresOf(stream.id);
    const { replayFailure } = await import("@/lib/delivery/replay");
    const { defaultDeliveryContext } = await import("@/lib/delivery/context");
    expect(await replayFailure(failure!.id, defaultDeliveryContext())).toMatchObject({ result: "delivered" });
    expect(sumo.received(token).map((e) => e.log_id)).toEqual(events.map((e) => e.log_id));
  });

  it("applies filters and the PII rule", async () => {
    const { token } = await sumoStream({
      filters: [{ type: "category", name: "auth.login.success" }],
      pii_config: { log_fields: ["username", "email"], method: "mask" },
    });
    const events = uniqueEvents(60);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const received = sumo.received(token);
    const { categoryOfEventType } = await import("@/lib/streams/categories");
    const logins = events.filter((e) => categoryOfEventType(String(e.data.type)) === "auth.login.success");
    expect(logins.length).toBeGreaterThan(0);
    expect(received.map((e) => e.log_id)).toEqual(logins.map((e) => e.log_id));
    expect(received.some((event) => "user_name" in event.data)).toBe(true);
    for (const event of received) if ("user_name" in event.data) expect(event.data.user_name).toBe("******");
  });

  it("skips what waits, and a second worker goes on where the first stopped (restart)", async () => {
    const { stream, token } = await sumoStream();
    const expected = await skipThenRestart(stream.id);
    expect(sumo.received(token).map((e) => e.log_id)).toEqual(expected.map((e) => e.log_id));
  });

  it("never writes the source's address or token to the worker's log", async () => {
    const retried = await sumoStream();
    const suspended = await sumoStream();
    sumo.setFault(retried.token, { status: 503, echoAddress: true, times: 1 });
    sumo.setFault(suspended.token, { status: 404, echoAddress: true });
    await ingest(uniqueEvents(3));

    const { output } = workers.startLogged("debug");
    await vi.waitFor(
      () => {
        expect(sumo.received(retried.token)).toHaveLength(3);
        expect(output()).toContain("stream suspended");
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(output()).toContain("delivery retry scheduled");
    for (const { token } of [retried, suspended]) expect(output()).not.toContain(token.slice(0, 40));
  });
});

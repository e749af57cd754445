import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/standins/webhook-receiver";
import {
  createTestStream,
  failuresOf,
  streamRow,
  ingest,
  testDispatcher,
  uniqueEvents,
  setUpDeliveryTests,
  skipThenRestart,
} from "../support/delivery";

// The engine's rules (retries, 413 split, suspend on refused credentials, replay, skip, filters, PII,
// restart safety) for a Custom Webhook stream, against a loopback receiver.
setUpDeliveryTests();
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

/** A webhook stream to a receiver path of its own. */
async function webhookStream(sink: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  const path = `/hook/${crypto.randomBytes(4).toString("hex")}`;
  const { stream } = await createTestStream({
    type: "http",
    sink: { httpEndpoint: receiver.urlFor(path), httpContentFormat: "JSONARRAY", ...sink },
    ...overrides,
  });
  return { stream, path };
}

describe("Custom Webhook delivery", () => {
  it.each(["JSONARRAY", "JSONLINES", "JSONOBJECT"] as const)(
    "sends each event as {log_id, data} framed as %s, with the content type, Authorization and custom headers",
    async (format) => {
      const { path } = await webhookStream({
        httpContentFormat: format,
        httpContentType: "application/x-ndjson",
        httpAuthorization: "Bearer hook-secret-1234",
        httpCustomHeaders: [{ header: "X-Tenant", value: "acme" }],
      });
      const events = uniqueEvents(5);
      await ingest(events);
      const { dispatcher } = await testDispatcher();
      await dispatcher.runPass();

      const requests = receiver.requests(path);
      expect(requests.map((r) => r.format)).toEqual(format === "JSONOBJECT" ? Array(5).fill("JSONOBJECT") : [format]);
      // One request per event (JSONOBJECT) goes out side by side with the next ones: order of arrival may vary.
      const byLogId = (a: { log_id: string }, b: { log_id: string }) => a.log_id.localeCompare(b.log_id);
      expect(receiver.received(path).sort(byLogId)).toEqual(
        events.map((event) => ({ log_id: event.log_id, data: event.data })).sort(byLogId),
      );
      for (const request of requests) {
        expect(request.headers).toMatchObject({
          "content-type": "application/x-ndjson",
          authorization: "Bearer hook-secret-1234",
          "x-tenant": "acme",
        });
        expect(request.headers["content-encoding"]).toBeUndefined();
      }
    },
  );

  it("cuts JSONARRAY batches at 500 events", async () => {
    const { path } = await webhookStream();
    await ingest(uniqueEvents(501));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    // Batches go out side by side (MAX_BATCHES_IN_FLIGHT): their order of arrival may vary.
    expect(
      receiver
        .requests(path)
        .map((r) => r.events.length)
        .sort((a, b) => b - a),
    ).toEqual([500, 1]);
  });

  it("retries a 503 and a 429 (honouring Retry-After), then delivers", async () => {
    const { stream, path } = await webhookStream();
    receiver.setFault(path, { status: 429, retryAfter: 7, times: 1 });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher, sleeps } = await testDispatcher();
    await dispatcher.runPass();
    expect(receiver.requests(path).map((r) => r.status)).toEqual([429, 200]);
    expect(sleeps).toEqual([7_000]);

    receiver.setFault(path, { status: 503, times: 4 });
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    expect(receiver.requests(path).map((r) => r.status)).toEqual([429, 200, 503, 503, 503, 503]);
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 4, statusCode: 503, eventCount: 2 });
  });

  it("splits a batch the receiver answers 413, and fails a 400 at once", async () => {
    const { stream, path } = await webhookStream();
    receiver.setFault(path, { maxEvents: 2 });
    const events = uniqueEvents(5);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(receiver.received(path).map((e) => e.log_id)).toEqual(events.map((e) => e.log_id));

    receiver.setFault(path, { status: 400, times: 1 });
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 1, statusCode: 400, eventCount: 2 });
  });

  it("suspends on 401 at its place, without the Authorization in the failure; a new Authorization resumes where it stopped", async () => {
    const { stream, path } = await webhookStream({ httpAuthorization: "Bearer wrong-token-9876" });
    receiver.setFault(path, { status: 401, echoAuthorization: true, times: 1 });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const row = await streamRow(stream.id);
    expect(row.status).toBe("suspended");
    expect(row.statusReason).toContain("401");
    const [failure] = await failuresOf(stream.id);
    expect(failure!.error).not.toContain("wrong-token-9876");
    expect(failure!.error).toContain("9876");
    const stored = await streamRow(stream.id);
    expect(`${stored.sinkConfig} ${stored.sinkSecretsEncrypted}`).not.toContain("wrong-token-9876");

    const { updateStream } = await import("@/lib/streams/streams");
    const { updateStreamSchema } = await import("@/lib/streams/schemas");
    await updateStream(stream.id, updateStreamSchema.parse({ sink: { httpAuthorization: "Bearer right-token-5555" } }));
    expect((await streamRow(stream.id)).status).toBe("active");
    const after = uniqueEvents(2);
    await ingest(after);
    await dispatcher.runPass();
    // Its place was kept: the refused events go first.
    expect(receiver.received(path).map((e) => e.log_id)).toEqual([...events, ...after].map((e) => e.log_id));
  });

  it("replays a failure to the receiver", async () => {
    const { stream, path } = await webhookStream();
    receiver.setFault(path, { status: 400, times: 1 });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const [failure] = await failuresOf(stream.id);
    const { replayFailure } = await import("@/lib/delivery/replay");
    const { defaultDeliveryContext } = await import("@/lib/delivery/context");
    expect(await replayFailure(failure!.id, defaultDeliveryContext())).toMatchObject({ result: "delivered" });
    expect(receiver.received(path).map((e) => e.log_id)).toEqual(events.map((e) => e.log_id));
  });

  it("applies filters and the PII rule", async () => {
    const { path } = await webhookStream(
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
    const received = receiver.received(path);
    const { categoryOfEventType } = await import("@/lib/streams/categories");
    const logins = events.filter((e) => categoryOfEventType(String(e.data.type)) === "auth.login.success");
    expect(logins.length).toBeGreaterThan(0);
    expect(received.map((e) => e.log_id)).toEqual(logins.map((e) => e.log_id));
    for (const event of received) if ("user_name" in event.data) expect(event.data.user_name).toBe("******");
  });

  it("skips what waits, and a second worker goes on where the first stopped (restart)", async () => {
    const { stream, path } = await webhookStream();
    const expected = await skipThenRestart(stream.id);
    expect(receiver.received(path).map((e) => e.log_id)).toEqual(expected.map((e) => e.log_id));
  });
});

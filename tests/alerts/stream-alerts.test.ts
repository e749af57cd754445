import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "@/standins/webhook-receiver";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher, uniqueEvents } from "../support/delivery";

// Before any lib code reads the environment (it is checked once per process).
process.env.LOGSTREAMS_PUBLIC_URL = "https://logs.example.com";

const context = setUpDeliveryTests();

/** A loopback chat webhook: records each body, answers the queued statuses first, then 200. */
const webhook = {
  server: undefined as http.Server | undefined,
  url: "",
  texts: [] as string[],
  statuses: [] as number[],
};
beforeAll(async () => {
  webhook.server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      webhook.texts.push((JSON.parse(body) as { text: string }).text);
      res.writeHead(webhook.statuses.shift() ?? 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => webhook.server!.listen(0, "127.0.0.1", resolve));
  webhook.url = `http://127.0.0.1:${(webhook.server!.address() as AddressInfo).port}/services/T000/B000/secretpart`;
  const { saveAlertWebhookUrl } = await import("@/lib/alerts/webhook-url");
  await saveAlertWebhookUrl(webhook.url);
});
afterAll(() => new Promise<void>((resolve) => webhook.server!.close(() => resolve())));
beforeEach(() => {
  webhook.texts = [];
  webhook.statuses = [];
});

const MINUTE = 60_000;
const noSleep = { sleep: async () => {} };

async function setStatus(id: string, status: "active" | "paused") {
  const { updateStream } = await import("@/lib/streams/streams");
  await updateStream(id, { status });
}

/** The messages about one stream: other tests' streams may be alerted on in the same pass. */
const textsAbout = (name: string) => webhook.texts.filter((text) => text.includes(`"${name}"`));

async function check(at: Date) {
  const { checkStreamAlerts } = await import("@/lib/alerts/stream-alerts");
  return checkStreamAlerts(at, noSleep);
}

describe("stream alerts", () => {
  it("keeps the saved webhook URL encrypted: its secret path is not in the database", async () => {
    const { db } = await import("@/lib/db/client");
    const saved = await db().setting.findUnique({ where: { key: "alert_webhook_url" } });
    expect(saved!.value).not.toContain("secretpart");
    const { readAlertWebhook } = await import("@/lib/alerts/webhook-url");
    expect(await readAlertWebhook()).toEqual({ url: webhook.url, source: "dashboard" });
  });

  it("says when a stream starts failing and when it recovers, once each, with the reason and the Health link", async () => {
    const { stream, apiKey } = await createTestStream();
    const { dispatcher } = await testDispatcher();
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    await check(new Date());
    expect(webhook.texts).toEqual([]);

    context.intake.setFault(apiKey, { status: 400, times: 1 });
    await ingest(uniqueEvents(3));
    await dispatcher.runPass();
    await check(new Date());
    await check(new Date());
    expect(webhook.texts).toHaveLength(1);
    expect(webhook.texts[0]).toContain(`Datadog stream "${stream.name}" is failing: 3 events not delivered (HTTP 400)`);
    expect(webhook.texts[0]).toContain(`https://logs.example.com/log-streams/${stream.id}/health`);

    await ingest(uniqueEvents(1));
    await dispatcher.runPass();
    await check(new Date());
    expect(webhook.texts).toHaveLength(2);
    expect(webhook.texts[1]).toContain(`Datadog stream "${stream.name}" recovered`);
  });

  it("says when a stream is suspended, without the key Datadog echoed", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 403, echoApiKey: true });
    await ingest(uniqueEvents(2));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    await check(new Date());
    expect(webhook.texts).toHaveLength(1);
    expect(webhook.texts[0]).toContain("was suspended: Datadog rejected the API key (403)");
    expect(webhook.texts[0]).not.toContain(apiKey);
    expect(webhook.texts[0]).toContain(`Datadog stream "${stream.name}"`);

    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "active" });
    await check(new Date());
    expect(webhook.texts[1]).toContain(`Datadog stream "${stream.name}" recovered: it was resumed`);
  });

  it("names the stream's destination type: a Custom Webhook stream suspended, then resumed", async () => {
    const receiver = await startWebhookReceiver();
    try {
      receiver.requireAuthorization("/hook", "Bearer right-token-1234");
      const { stream } = await createTestStream({
        type: "http",
        sink: { httpEndpoint: receiver.urlFor("/hook"), httpAuthorization: "Bearer wrong-token-5678" },
      });
      await ingest(uniqueEvents(2));
      const { dispatcher } = await testDispatcher();
      await dispatcher.runPass();
      await check(new Date());
      expect(textsAbout(stream.name)).toHaveLength(1);
      expect(textsAbout(stream.name)[0]).toContain(
        `:no_entry: Custom Webhook stream "${stream.name}" was suspended: The webhook refused the request's credentials (401)`,
      );
      expect(textsAbout(stream.name)[0]).not.toContain("wrong-token-5678");

      await setStatus(stream.id, "active");
      await check(new Date());
      expect(textsAbout(stream.name)[1]).toContain(`Custom Webhook stream "${stream.name}" recovered: it was resumed`);
      // Its receiver closes: later tests' passes must not send to it.
      await setStatus(stream.id, "paused");
    } finally {
      await receiver.close();
    }
  });

  it("says a failing stream of another type recovered once its destination accepts again, by the destination's name", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const { stream } = await createTestStream({ type: "http", sink: { httpEndpoint: receiver.urlFor("/hook") } });
      const { dispatcher } = await testDispatcher();
      receiver.setFault("/hook", { status: 400, times: 1 });
      await ingest(uniqueEvents(3));
      await dispatcher.runPass();
      await check(new Date());
      expect(textsAbout(stream.name)[0]).toContain(
        `:warning: Custom Webhook stream "${stream.name}" is failing: 3 events not delivered (HTTP 400)`,
      );
      await ingest(uniqueEvents(1));
      await dispatcher.runPass();
      await check(new Date());
      expect(textsAbout(stream.name)[1]).toContain(
        `Custom Webhook stream "${stream.name}" recovered: Custom Webhook accepts its deliveries again`,
      );
      await setStatus(stream.id, "paused");
    } finally {
      await receiver.close();
    }
  });

  it("sends at most one message per stream and kind in 15 minutes, and one only when two workers check at once", async () => {
    const { apiKey } = await createTestStream();
    const { dispatcher } = await testDispatcher();
    const start = new Date();
    const failThenRecover = async (at: Date) => {
      context.intake.setFault(apiKey, { status: 400, times: 1 });
      await ingest(uniqueEvents(1));
      await dispatcher.runPass();
      await Promise.all([check(at), check(at)]);
      await ingest(uniqueEvents(1));
      await dispatcher.runPass();
      await Promise.all([check(at), check(at)]);
    };
    await failThenRecover(start);
    expect(webhook.texts.map((t) => t.match(/is failing|recovered/)?.[0])).toEqual(["is failing", "recovered"]);
    await failThenRecover(new Date(start.getTime() + 5 * MINUTE));
    expect(webhook.texts).toHaveLength(2);
    await failThenRecover(new Date(start.getTime() + 16 * MINUTE));
    expect(webhook.texts).toHaveLength(4);
  });

  it("retries with backoff until the webhook accepts", async () => {
    const { postAlert, ALERT_RETRY_DELAYS_MS } = await import("@/lib/alerts/post-alert");
    webhook.statuses = [500, 503];
    const sleeps: number[] = [];
    const result = await postAlert(webhook.url, "hello", { sleep: async (ms) => void sleeps.push(ms) });
    expect(result).toEqual({ ok: true, status: 200, attempts: 3 });
    expect(sleeps).toEqual(ALERT_RETRY_DELAYS_MS.slice(0, 2));
    expect(webhook.texts).toEqual(["hello", "hello", "hello"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  createTestStream,
  fixtureEvents,
  ingest,
  testDispatcher,
  uniqueEvents,
  setUpDeliveryTests,
} from "../support/delivery";

const context = setUpDeliveryTests();

describe("what reaches Datadog", () => {
  it("delivers every event once, gzip'ed with the key, to the region's site, with Datadog's fields", async () => {
    const { apiKey } = await createTestStream({
      sink: { datadogApiKey: "placeholder-key", datadogRegion: "EU1" },
    }).then(async ({ stream }) => {
      const { updateStream } = await import("@/lib/streams/streams");
      const key = "eu-key-" + stream.id;
      await updateStream(stream.id, { sink: { datadogApiKey: key } });
      return { apiKey: key };
    });
    const events = uniqueEvents(fixtureEvents().length);
    await ingest(events);

    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const received = context.intake.received(apiKey);
    expect(received.map((item) => item.log_id)).toEqual(events.map((e) => e.log_id));
    expect(context.intake.requests(apiKey).map((r) => [r.site, r.status])).toEqual([["datadoghq.eu", 202]]);
    const login = received.find((item) => item.data.type === "s")!;
    // The fixtures are dated 2026-11-30, outside Datadog's 18-hour window: sent without the reserved date, marked delayed.
    expect(login).toMatchObject({
      ddsource: "auth0",
      service: "auth0",
      hostname: login.data.hostname,
      log_streams: { delayed: true, original_date: login.data.date },
    });
    expect(login).not.toHaveProperty("date");
    expect(typeof login.hostname).toBe("string");
    expect(login.message.length).toBeGreaterThan(0);
    const original = events.find((e) => e.log_id === login.log_id)!;
    expect(login.data).toEqual(original.data);
  });

  it("sends at most 1000 items per request", async () => {
    const { apiKey } = await createTestStream();
    await ingest(uniqueEvents(2_500));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.requests(apiKey).map((r) => r.itemCount)).toEqual([1000, 1000, 500]);
    expect(new Set(context.intake.received(apiKey).map((i) => i.log_id)).size).toBe(2_500);
  });

  it("counts the 5,000,000-byte limit in UTF-8 bytes, not characters", async () => {
    const { apiKey } = await createTestStream();
    // 20,000 two-byte characters: 40 KB per item in bytes but only 20 K characters.
    const events = uniqueEvents(300).map((e) => ({ ...e, data: { ...e.data, description: "é".repeat(20_000) } }));
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const counts = context.intake.requests(apiKey).map((r) => r.itemCount);
    expect(context.intake.requests(apiKey).every((r) => r.status === 202)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    // The first request is full by bytes (one more item would pass 5,000,000) but not by characters.
    const items = context.intake.received(apiKey).map((item) => JSON.stringify(item));
    const first = items.slice(0, counts[0]);
    const arrayBytes = (list: string[]) => list.reduce((n, json) => n + Buffer.byteLength(json), 0) + list.length + 1;
    const arrayChars = (list: string[]) => list.reduce((n, json) => n + json.length, 0) + list.length + 1;
    expect(arrayBytes(first)).toBeLessThanOrEqual(5_000_000);
    expect(arrayBytes(items.slice(0, counts[0]! + 1))).toBeGreaterThan(5_000_000);
    expect(arrayChars(items.slice(0, counts[0]! + 1))).toBeLessThan(5_000_000);
  });

  it("trims an event over Datadog's 1 MB per-log limit instead of blocking the stream", async () => {
    const { apiKey } = await createTestStream();
    const [big, small] = uniqueEvents(2);
    big!.data.details = { blob: "x".repeat(1_500_000) };
    await ingest([big!, small!]);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const received = context.intake.received(apiKey);
    expect(received.map((i) => i.log_id)).toEqual([big!.log_id, small!.log_id]);
    expect(received[0]!.data.details).toBeUndefined();
    expect(received[0]!.data.log_streams_truncated).toEqual({ original_bytes: expect.any(Number) });
    expect(received[0]!.data.type).toBe(big!.data.type);
  });

  it("delivers only the categories a stream filters on", async () => {
    const { apiKey } = await createTestStream({ filters: [{ type: "category", name: "auth.login.fail" }] });
    const events = uniqueEvents(fixtureEvents().length);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const types = context.intake.received(apiKey).map((i) => String(i.data.type));
    // Auth0's "Login - Failure" codes; the fixtures hold each at least once.
    const loginFailures = events
      .map((e) => String(e.data.type))
      .filter((type) => ["f", "fc", "fco", "fcoa", "fens", "fp", "fu"].includes(type));
    expect(new Set(loginFailures).size).toBe(7);
    expect(types.sort()).toEqual(loginFailures.sort());
  });

  it("masks the configured PII fields wherever they occur", async () => {
    const { apiKey } = await createTestStream({ pii_config: { log_fields: ["username", "email"], method: "mask" } });
    const events = uniqueEvents(20);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const login = context.intake.received(apiKey).find((i) => i.data.type === "s")!;
    expect(events.find((e) => e.log_id === login.log_id)!.data.user_name).toMatch(/@example\./);
    expect(login.data.user_name).toBe("******");
    const prompts = (login.data.details as { prompts: { user_name?: string }[] }).prompts;
    expect(prompts.some((p) => p.user_name !== undefined)).toBe(true);
    expect(prompts.filter((p) => p.user_name !== undefined).every((p) => p.user_name === "******")).toBe(true);
    const userNames = new Set(events.map((e) => e.data.user_name).filter((name) => typeof name === "string"));
    expect(userNames.size).toBeGreaterThan(1);
    for (const name of userNames) expect(JSON.stringify(context.intake.received(apiKey))).not.toContain(name);
  });

  it("hashes the configured PII fields with xxhash64", async () => {
    const { apiKey } = await createTestStream({
      pii_config: { log_fields: ["username"], method: "hash", algorithm: "xxhash" },
    });
    const events = uniqueEvents(20);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const { loadHasher } = await import("@/lib/delivery/pii");
    const hash = await loadHasher();
    const login = context.intake.received(apiKey).find((i) => i.data.type === "s")!;
    expect(login.data.user_name).toBe(hash(String(events.find((e) => e.log_id === login.log_id)!.data.user_name)));
    expect(login.data.user_name).toMatch(/^[0-9a-f]{16}$/);
  });

  it("starts a new stream after the events stored before it was created", async () => {
    await ingest(uniqueEvents(5));
    const { apiKey } = await createTestStream();
    const later = uniqueEvents(3);
    await ingest(later);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(later.map((e) => e.log_id));
  });
});

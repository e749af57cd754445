import { describe, expect, it } from "vitest";
import {
  createTestStream,
  ingest,
  type FixtureEvent,
  testDispatcher,
  uniqueEvents,
  setUpDeliveryTests,
} from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

const context = setUpDeliveryTests();

/** Events dated now: inside Datadog's window, so on SQLite the stored items are joined as they are (the fast path). */
const freshEvents = (count: number): FixtureEvent[] =>
  uniqueEvents(count).map((e) => ({ ...e, data: { ...e.data, date: new Date().toISOString() } }));

describe("a stream's Datadog tags", () => {
  it("go on every item as ddtags, as saved, beside ddsource and service auth0", async () => {
    const apiKey = fakeDatadogApiKey();
    await createTestStream({
      sink: { datadogApiKey: apiKey, datadogRegion: "us", datadogTags: " env:Prod, team:iam " },
    });
    const fresh = freshEvents(3);
    const old = uniqueEvents(2); // dated 2026-11-30: rebuilt one by one, without their date
    const { dispatcher } = await testDispatcher();
    await ingest(fresh);
    await dispatcher.runPass();
    await ingest(old);
    await dispatcher.runPass();

    const received = context.intake.received(apiKey);
    expect(received.map((i) => i.log_id).sort()).toEqual([...fresh, ...old].map((e) => e.log_id).sort());
    for (const item of received)
      expect(item).toMatchObject({ ddtags: "env:prod,team:iam", ddsource: "auth0", service: "auth0" });
    expect(received.find((i) => i.log_id === fresh[0]!.log_id)).toHaveProperty("date");
  });

  it("go with a PII rule and category filters too, and a replay sends the current tags", async () => {
    const key = fakeDatadogApiKey();
    const { stream } = await createTestStream({
      filters: [{ type: "category", name: "auth.login.success" }],
      pii_config: { log_fields: ["email"], method: "mask" },
      sink: { datadogApiKey: key, datadogRegion: "us", datadogTags: "env:staging" },
    });
    const { updateStream } = await import("@/lib/streams/streams");
    context.intake.setFault(key, { status: 400, times: 1 });
    const logins = freshEvents(40).filter((e) => e.data.type === "s");
    await ingest(logins);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.requests(key).map((r) => r.status)).toEqual([400]);

    await updateStream(stream.id, { sink: { datadogTags: "env:prod,team:iam" } });
    const { db } = await import("@/lib/db/client");
    const failure = await db().deliveryFailure.findFirstOrThrow({ where: { streamId: stream.id } });
    const { replayFailure } = await import("@/lib/delivery/replay");
    const { defaultDeliveryContext } = await import("@/lib/delivery/context");
    expect(
      await replayFailure(failure.id, { ...defaultDeliveryContext(), sleep: async () => undefined }),
    ).toMatchObject({ result: "delivered" });

    const received = context.intake.received(key);
    expect(received.map((i) => i.log_id)).toEqual(logins.map((e) => e.log_id));
    for (const item of received) expect(item.ddtags).toBe("env:prod,team:iam");
  });

  it("are left out when the stream has none, and a PATCH with null or an empty text removes them", async () => {
    const key = fakeDatadogApiKey();
    const { stream } = await createTestStream({
      sink: { datadogApiKey: key, datadogRegion: "us", datadogTags: "env:prod" },
    });
    const { updateStream } = await import("@/lib/streams/streams");
    const { updateStreamSchema } = await import("@/lib/streams/schemas");
    await updateStream(stream.id, updateStreamSchema.parse({ sink: { datadogTags: "" } }));
    await ingest(freshEvents(2));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const received = context.intake.received(key);
    expect(received).toHaveLength(2);
    for (const item of received) expect(item).not.toHaveProperty("ddtags");
    expect(updateStreamSchema.parse({ sink: { datadogTags: null } }).sink?.datadogTags).toBeNull();
  });
});

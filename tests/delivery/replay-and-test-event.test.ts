import { describe, expect, it } from "vitest";
import { createTestStream, ingest, testDispatcher, uniqueEvents, setUpDeliveryTests } from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

const context = setUpDeliveryTests();

const noWait = async () => {
  const { defaultDeliveryContext } = await import("@/lib/delivery/context");
  return { ...defaultDeliveryContext(), sleep: async () => undefined };
};

describe("replaying a failure", () => {
  it("sends exactly the failed events again and records the result", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 503, times: 4 });
    const failed = uniqueEvents(7);
    await ingest(failed);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const delivered = uniqueEvents(2);
    await ingest(delivered);
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(delivered.map((e) => e.log_id));

    const { db } = await import("@/lib/db/client");
    const failure = await db().deliveryFailure.findFirstOrThrow({ where: { streamId: stream.id } });
    const { replayFailure } = await import("@/lib/delivery/replay");
    const result = await replayFailure(failure.id, await noWait());

    expect(result).toEqual({ result: "delivered", statusCode: 202, error: null });
    expect(
      context.intake
        .received(apiKey)
        .map((i) => i.log_id)
        .slice(2),
    ).toEqual(failed.map((e) => e.log_id));
    const after = await db().deliveryFailure.findUniqueOrThrow({ where: { id: failure.id } });
    expect(after.replayResult).toBe("delivered");
    expect(after.replayedAt).not.toBeNull();
  });

  it("uses the stream's current key and records a failed replay", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 400, times: 1 });
    await ingest(uniqueEvents(3));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const { db } = await import("@/lib/db/client");
    const failure = await db().deliveryFailure.findFirstOrThrow({ where: { streamId: stream.id } });

    const { updateStream } = await import("@/lib/streams/streams");
    const newKey = fakeDatadogApiKey();
    await updateStream(stream.id, { sink: { datadogApiKey: newKey } });
    context.intake.setFault(newKey, { status: 403 });
    const { replayFailure } = await import("@/lib/delivery/replay");
    const result = await replayFailure(failure.id, await noWait());

    expect(result).toMatchObject({ result: "failed", statusCode: 403 });
    expect(context.intake.requests(newKey).map((r) => r.status)).toEqual([403]);
    const after = await db().deliveryFailure.findUniqueOrThrow({ where: { id: failure.id } });
    expect(after).toMatchObject({ replayResult: "failed", replayError: expect.stringContaining("403") });
  });
});

describe("the test event", () => {
  it("reports Datadog's acceptance", async () => {
    const apiKey = fakeDatadogApiKey();
    const { sendTestEvent } = await import("@/lib/delivery/test-event");
    const result = await sendTestEvent(
      { type: "datadog", sink: { datadogApiKey: apiKey, datadogRegion: "ap1" } },
      await noWait(),
    );
    expect(result).toEqual({ ok: true, statusCode: 202, detail: "Datadog accepted the test event" });
    expect(context.intake.requests(apiKey).map((r) => r.site)).toEqual(["ap1.datadoghq.com"]);
    expect(context.intake.received(apiKey)[0]).toMatchObject({
      ddsource: "auth0",
      service: "auth0",
      data: { type: "log_streams_test" },
    });
  });

  it("carries the stream's tags, as its logs do", async () => {
    const apiKey = fakeDatadogApiKey();
    const { sendTestEvent } = await import("@/lib/delivery/test-event");
    await sendTestEvent(
      { type: "datadog", sink: { datadogApiKey: apiKey, datadogRegion: "us", datadogTags: "env:prod,team:iam" } },
      await noWait(),
    );
    expect(context.intake.received(apiKey)[0]).toMatchObject({
      ddtags: "env:prod,team:iam",
      data: { type: "log_streams_test" },
    });
  });

  it("reports Datadog's refusal with its detail", async () => {
    const apiKey = fakeDatadogApiKey();
    context.intake.setFault(apiKey, { status: 403 });
    const { sendTestEvent } = await import("@/lib/delivery/test-event");
    const result = await sendTestEvent(
      { type: "datadog", sink: { datadogApiKey: apiKey, datadogRegion: "us" } },
      await noWait(),
    );
    expect(result).toMatchObject({ ok: false, statusCode: 403, detail: expect.stringContaining("Injected fault 403") });
  });
});

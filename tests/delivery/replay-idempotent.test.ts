import { describe, expect, it } from "vitest";
import { createTestStream, ingest, testDispatcher, uniqueEvents, setUpDeliveryTests } from "../support/delivery";

const context = setUpDeliveryTests();

const noWait = async () => {
  const { defaultDeliveryContext } = await import("@/lib/delivery/context");
  return { ...defaultDeliveryContext(), sleep: async () => undefined };
};

/** A stream with one failure record (Datadog answered 400) of `count` events. */
async function streamWithFailure(count: number) {
  const { stream, apiKey } = await createTestStream();
  context.intake.setFault(apiKey, { status: 400, times: 1 });
  const events = uniqueEvents(count);
  await ingest(events);
  const { dispatcher } = await testDispatcher();
  await dispatcher.runPass();
  const { db } = await import("@/lib/db/client");
  const failure = await db().deliveryFailure.findFirstOrThrow({ where: { streamId: stream.id } });
  return { stream, apiKey, events, failure };
}

describe("replays are idempotent", () => {
  it("sends a failure's events once when two replays of it start at the same time, and not again after", async () => {
    const { apiKey, events, failure } = await streamWithFailure(3);
    const { replayFailure } = await import("@/lib/delivery/replay");
    // The replay that wins is still sending when the other claims, however fast the database answers.
    context.intake.setFault(apiKey, { delayMs: 500, times: 1 });

    const results = await Promise.all([
      replayFailure(failure.id, await noWait()),
      replayFailure(failure.id, await noWait()),
    ]);

    expect(results.map((r) => r.result).sort()).toEqual(["delivered", "refused"]);
    expect(results.find((r) => r.result === "refused")).toMatchObject({ reason: "replay_in_progress" });
    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(events.map((e) => e.log_id));
    expect(await replayFailure(failure.id, await noWait())).toMatchObject({
      result: "refused",
      reason: "already_replayed",
    });
    expect(context.intake.received(apiKey)).toHaveLength(3);
  });

  it("may replay a failure again after its replay failed", async () => {
    const { apiKey, events, failure } = await streamWithFailure(2);
    const { replayFailure } = await import("@/lib/delivery/replay");
    context.intake.setFault(apiKey, { status: 400, times: 1 });
    expect(await replayFailure(failure.id, await noWait())).toMatchObject({ result: "failed" });
    expect(await replayFailure(failure.id, await noWait())).toMatchObject({ result: "delivered" });
    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(events.map((e) => e.log_id));
  });

  it("refuses to replay a paused stream's failure, and sends nothing", async () => {
    const { stream, apiKey, failure } = await streamWithFailure(2);
    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "paused" });
    const requestsBefore = context.intake.requests(apiKey).length;
    const { replayFailure } = await import("@/lib/delivery/replay");

    const result = await replayFailure(failure.id, await noWait());

    expect(result).toMatchObject({
      result: "refused",
      reason: "stream_not_active",
      message: expect.stringContaining("The stream is paused"),
    });
    expect(context.intake.requests(apiKey)).toHaveLength(requestsBefore);
    const { db } = await import("@/lib/db/client");
    expect(await db().deliveryFailure.findUniqueOrThrow({ where: { id: failure.id } })).toMatchObject({
      replayedAt: null,
      replayStartedAt: null,
    });
  });
});

describe("a bounded delivery pass", () => {
  it("starts no Retry-After wait that would end past its deadline, and reports the events it left", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 429, retryAfter: 60 });
    await ingest(uniqueEvents(5));
    const { dispatcher, sleeps } = await testDispatcher();

    const summary = await dispatcher.runPass({ maxDurationMs: 20_000 });

    expect(sleeps).toEqual([]);
    expect(summary).toMatchObject({ delivered: 0, failed: 0, deferred: 5 });
    const { db } = await import("@/lib/db/client");
    expect(await db().deliveryFailure.count({ where: { streamId: stream.id } })).toBe(0);
    expect((await db().logStream.findUniqueOrThrow({ where: { id: stream.id } })).cursor).toBe(stream.cursor);
    context.intake.setFault(apiKey, null);
  });
});

// "Retry all" on the Health tab: lib's replayAllFailures, which the dashboard's action calls.
import { describe, expect, it } from "vitest";
import { createTestStream, ingest, testDispatcher, uniqueEvents, setUpDeliveryTests } from "../support/delivery";

const context = setUpDeliveryTests();

const noWait = async () => {
  const { defaultDeliveryContext } = await import("@/lib/delivery/context");
  return { ...defaultDeliveryContext(), sleep: async () => undefined };
};

describe("Retry all", () => {
  it("refuses a stream that is not active and sends nothing; once active, replays each failure not yet delivered, once", async () => {
    const { stream, apiKey } = await createTestStream();
    const { dispatcher } = await testDispatcher();
    const batches = [uniqueEvents(3), uniqueEvents(2)];
    for (const events of batches) {
      context.intake.setFault(apiKey, { status: 400, times: 1 });
      await ingest(events);
      await dispatcher.runPass();
    }
    const requestsBefore = context.intake.requests(apiKey).length;
    const { updateStream } = await import("@/lib/streams/streams");
    const { replayAllFailures } = await import("@/lib/delivery/replay-all");

    await updateStream(stream.id, { status: "paused" });
    await expect(replayAllFailures(stream.id, await noWait())).rejects.toMatchObject({
      code: "stream_not_active",
      message: expect.stringContaining("The stream is paused"),
    });
    expect(context.intake.requests(apiKey)).toHaveLength(requestsBefore);

    await updateStream(stream.id, { status: "active" });
    expect(await replayAllFailures(stream.id, await noWait())).toEqual({ delivered: 2, failed: 0, skipped: 0 });
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(batches.flat().map((e) => e.log_id));
    expect(await replayAllFailures(stream.id, await noWait())).toEqual({ delivered: 0, failed: 0, skipped: 0 });
  });

  it("answers a stream that does not exist as such", async () => {
    const { replayAllFailures } = await import("@/lib/delivery/replay-all");
    await expect(replayAllFailures("lst_unknown")).rejects.toMatchObject({ code: "inexistent_log_stream" });
  });
});

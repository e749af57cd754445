// A failure holds a whole batch (1000 events, or more): its replay, Retry all and the delayed count
// before them read its events in pieces, as SQLite through Prisma binds at most 999 parameters.
import { describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents, type FixtureEvent } from "../support/delivery";

const context = setUpDeliveryTests({ keepItems: true });

const noWait = async () => {
  const { defaultDeliveryContext } = await import("@/lib/delivery/context");
  return { ...defaultDeliveryContext(), sleep: async () => undefined };
};

/** Older than Datadog's 18-hour window: sent without its date, marked log_streams.delayed. */
const TWO_DAYS_AGO = new Date(Date.now() - 2 * 24 * 60 * 60_000).toISOString();

/** Stores `events` and records them as one failure of the stream, as delivery records a batch Datadog refused. */
async function storeAsFailure(streamId: string, events: FixtureEvent[]): Promise<string> {
  const { db } = await import("@/lib/db/client");
  const { _max } = await db().event.aggregate({ _max: { seq: true } });
  await ingest(events);
  const stored = await db().event.findMany({
    where: { seq: { gt: _max.seq ?? 0n } },
    orderBy: { seq: "asc" },
    select: { seq: true, logId: true },
  });
  expect(stored).toHaveLength(events.length);
  const id = `dfl_${crypto.randomUUID()}`;
  await db().deliveryFailure.create({
    data: {
      id,
      streamId,
      attempts: 1,
      statusCode: 400,
      error: "HTTP 400",
      eventCount: stored.length,
      firstLogId: stored[0]!.logId,
      lastLogId: stored.at(-1)!.logId,
      eventSeqs: JSON.stringify(stored.map((event) => event.seq.toString())),
    },
  });
  return id;
}

describe("a replay of a failure as large as a batch or larger", () => {
  it.each([1000, 2500, 5000])("sends all %i events of the failure", async (count) => {
    const { stream, apiKey } = await createTestStream();
    const events = uniqueEvents(count);
    const failureId = await storeAsFailure(stream.id, events);
    const { replayFailure } = await import("@/lib/delivery/replay");

    expect(await replayFailure(failureId, await noWait())).toMatchObject({ result: "delivered", error: null });
    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(events.map((event) => event.log_id));
  });
});

describe("Retry all of large failures", () => {
  it("counts their delayed events first, then replays each", async () => {
    const { stream, apiKey } = await createTestStream();
    const batches = [uniqueEvents(1000), uniqueEvents(2500)].map((events) =>
      events.map((event, i) => ({
        ...event,
        data: { ...event.data, date: i % 2 === 0 ? TWO_DAYS_AGO : new Date().toISOString() },
      })),
    );
    for (const events of batches) await storeAsFailure(stream.id, events);
    const { listUnreplayedFailureIds } = await import("@/lib/health/failures");
    const { countDelayedInFailures } = await import("@/lib/health/delayed-events");
    const { replayAllFailures } = await import("@/lib/delivery/replay-all");

    expect(await countDelayedInFailures(await listUnreplayedFailureIds(stream.id))).toBe(500 + 1250);
    expect(await replayAllFailures(stream.id, await noWait())).toEqual({ delivered: 2, failed: 0, skipped: 0 });
    expect(context.intake.received(apiKey)).toHaveLength(3500);
  });
});

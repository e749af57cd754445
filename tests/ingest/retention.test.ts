import { describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher, uniqueEvents } from "../support/delivery";

const context = setUpDeliveryTests();

const DAY_MS = 24 * 60 * 60 * 1000;

describe("retention", () => {
  it("prunes events, failure records and counters older than LOGSTREAMS_RETENTION_DAYS (30 by default)", async () => {
    const { db } = await import("@/lib/db/client");
    const { storeEvents } = await import("@/lib/events/store");
    const { parseIngestBody } = await import("@/lib/ingest/parse");
    const { pruneExpired } = await import("@/lib/events/retention");
    const now = new Date();
    const old = uniqueEvents(3);
    await storeEvents(parseIngestBody(JSON.stringify(old)), new Date(now.getTime() - 31 * DAY_MS));
    const recent = uniqueEvents(2);
    await ingest(recent);
    const { stream } = await createTestStream();
    await db().deliveryFailure.create({
      data: {
        id: "dfl_old",
        streamId: stream.id,
        occurredAt: new Date(now.getTime() - 31 * DAY_MS),
        attempts: 4,
        statusCode: 500,
        error: "x",
        eventCount: 1,
        firstLogId: "a",
        lastLogId: "a",
        eventSeqs: "[]",
      },
    });
    await db().streamMinuteStat.create({
      data: { streamId: stream.id, minute: new Date(now.getTime() - 40 * DAY_MS), delivered: 5 },
    });

    expect(await pruneExpired(now)).toBe(3);

    const left = await db().event.findMany({ select: { logId: true } });
    expect(left.map((e) => e.logId).sort()).toEqual(recent.map((e) => e.log_id).sort());
    expect(await db().deliveryFailure.count()).toBe(0);
    expect(await db().streamMinuteStat.count()).toBe(0);
  });
});

describe("retention holds what a stream still has to deliver", () => {
  const expired = (now: Date) => new Date(now.getTime() - 31 * DAY_MS);

  it("keeps a paused stream's backlog past the retention period, and delivers it on resume", async () => {
    const { storeEvents } = await import("@/lib/events/store");
    const { parseIngestBody } = await import("@/lib/ingest/parse");
    const { pruneExpired } = await import("@/lib/events/retention");
    const { updateStream } = await import("@/lib/streams/streams");
    const now = new Date();
    const { stream, apiKey } = await createTestStream();
    await updateStream(stream.id, { status: "paused" });
    const waiting = uniqueEvents(4);
    await storeEvents(parseIngestBody(JSON.stringify(waiting)), expired(now));

    expect(await pruneExpired(now)).toBe(0);
    // The held log_ids are still known: sent again, they are duplicates.
    expect(await ingest(waiting)).toEqual({ accepted: 0, duplicates: 4 });

    await updateStream(stream.id, { status: "active" });
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(waiting.map((event) => event.log_id));
  });

  it("keeps a suspended stream's backlog, and releases it when the stream is deleted", async () => {
    const { db } = await import("@/lib/db/client");
    const { storeEvents } = await import("@/lib/events/store");
    const { parseIngestBody } = await import("@/lib/ingest/parse");
    const { pruneExpired } = await import("@/lib/events/retention");
    const { deleteStream } = await import("@/lib/streams/streams");
    const now = new Date();
    const { stream } = await createTestStream();
    await db().logStream.update({
      where: { id: stream.id },
      data: { status: "suspended", statusReason: "key refused" },
    });
    const waiting = uniqueEvents(3);
    await storeEvents(parseIngestBody(JSON.stringify(waiting)), expired(now));
    const storedIds = async () =>
      (await db().event.findMany({ where: { logId: { in: waiting.map((e) => e.log_id) } } })).length;

    await pruneExpired(now);
    expect(await storedIds()).toBe(3);

    await deleteStream(stream.id);
    await pruneExpired(now);
    expect(await storedIds()).toBe(0);
  });
});

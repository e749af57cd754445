import { describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents } from "../support/delivery";

setUpDeliveryTests();

const DAY_MS = 24 * 60 * 60 * 1000;

describe("retention", () => {
  it("prunes events, failure records and counters older than LOGSTREAMS_RETENTION_DAYS (30 by default)", async () => {
    const { db } = await import("@/lib/db/client");
    const { storeEvents } = await import("@/lib/ingest/store");
    const { parseIngestBody } = await import("@/lib/ingest/parse");
    const { pruneExpired } = await import("@/lib/ingest/retention");
    const now = new Date();
    const old = uniqueEvents(3);
    await storeEvents(parseIngestBody(JSON.stringify(old)), new Date(now.getTime() - 31 * DAY_MS));
    const recent = uniqueEvents(2);
    await ingest(recent);
    const { stream } = await createTestStream();
    await db().deliveryFailure.create({
      data: { id: "dfl_old", streamId: stream.id, occurredAt: new Date(now.getTime() - 31 * DAY_MS), attempts: 4, statusCode: 500, error: "x", eventCount: 1, firstLogId: "a", lastLogId: "a", eventSeqs: "[]" },
    });
    await db().streamMinuteStat.create({ data: { streamId: stream.id, minute: new Date(now.getTime() - 40 * DAY_MS), delivered: 5 } });

    expect(await pruneExpired(now)).toBe(3);

    const left = await db().event.findMany({ select: { logId: true } });
    expect(left.map((e) => e.logId).sort()).toEqual(recent.map((e) => e.log_id).sort());
    expect(await db().deliveryFailure.count()).toBe(0);
    expect(await db().streamMinuteStat.count()).toBe(0);
  });
});

import zlib from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { categoryOfEventType } from "@/lib/streams/categories";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents, type FixtureEvent } from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

setUpDeliveryTests();

const isPostgres = process.env.LOGSTREAMS_TEST_DATABASE === "postgres";
const WORKER = "batch-reads-test";

/** Events dated now: inside Datadog's window, so their stored items go as joined by the database. */
const freshEvents = (count: number): FixtureEvent[] =>
  uniqueEvents(count).map((e) => ({ ...e, data: { ...e.data, date: new Date().toISOString() } }));

/** A stream with `events.length` fresh events waiting, its lease held by WORKER, as a pass holds it. */
async function leasedStreamWith(events: FixtureEvent[], sink: Record<string, unknown> = {}) {
  const { stream } = await createTestStream({
    sink: { datadogApiKey: fakeDatadogApiKey(), datadogRegion: "us", ...sink },
  });
  await ingest(events);
  const { db } = await import("@/lib/db/client");
  await db().logStream.update({
    where: { id: stream.id },
    data: { leaseOwner: WORKER, leaseExpiresAt: new Date(Date.now() + 60_000) },
  });
  return stream;
}

async function itemsOf(prepared: { sendable: { body: Buffer } | null } | null): Promise<Record<string, unknown>[]> {
  return JSON.parse(zlib.gunzipSync(prepared!.sendable!.body).toString()) as Record<string, unknown>[];
}

describe("the batches of one pass", () => {
  it("are each read with the stream's settings of that moment: tags changed, a filter added, the lease lost", async () => {
    const { prepareBatch } = await import("@/lib/delivery/process-stream");
    const { updateStream } = await import("@/lib/streams/streams");
    const { db } = await import("@/lib/db/client");
    const events = freshEvents(2500);
    const stream = await leasedStreamWith(events, { datadogTags: "env:a" });

    const first = await prepareBatch(stream.id, WORKER);
    expect((await itemsOf(first)).map((item) => item.ddtags)).toEqual(Array(1000).fill("env:a"));

    await updateStream(stream.id, { sink: { datadogTags: "env:b" } });
    const second = await prepareBatch(stream.id, WORKER, first!);
    const secondItems = await itemsOf(second);
    expect(secondItems.map((item) => item.log_id)).toEqual(events.slice(1000, 2000).map((e) => e.log_id));
    expect(secondItems.map((item) => item.ddtags)).toEqual(Array(1000).fill("env:b"));

    await updateStream(stream.id, { filters: [{ type: "category", name: "auth.login.success" }] });
    const third = await prepareBatch(stream.id, WORKER, second!);
    const kept = events.slice(2000).filter((e) => categoryOfEventType(String(e.data.type)) === "auth.login.success");
    expect(kept.length).toBeGreaterThan(0);
    expect(third!.lastSeq).toBe(second!.lastSeq + 500n);
    expect((third!.sendable ? await itemsOf(third) : []).map((item) => item.log_id)).toEqual(kept.map((e) => e.log_id));

    await updateStream(stream.id, { filters: [] });
    const fourth = await prepareBatch(stream.id, WORKER, second!);
    await db().logStream.update({ where: { id: stream.id }, data: { leaseOwner: "another-worker" } });
    expect(await prepareBatch(stream.id, WORKER, fourth!)).toBeNull();
  });

  it.skipIf(!isPostgres)(
    "after one the database joined, take one round trip each on PostgreSQL: the stream read with the events",
    async () => {
      const { prepareBatch } = await import("@/lib/delivery/process-stream");
      const { postgresPool } = await import("@/lib/db/client");
      const events = freshEvents(3000);
      const stream = await leasedStreamWith(events);
      const checkouts = vi.spyOn(postgresPool()!, "connect");

      let prepared = await prepareBatch(stream.id, WORKER);
      expect(checkouts).toHaveBeenCalledTimes(2); // the stream, then its events: a pass's first batch
      for (const from of [1000, 2000]) {
        checkouts.mockClear();
        prepared = await prepareBatch(stream.id, WORKER, prepared!);
        expect(checkouts).toHaveBeenCalledTimes(1);
        expect((await itemsOf(prepared)).map((item) => item.log_id)).toEqual(
          events.slice(from, from + 1000).map((e) => e.log_id),
        );
      }
      checkouts.mockRestore();
    },
  );
});

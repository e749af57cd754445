import { describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher, uniqueEvents } from "../support/delivery";

const context = setUpDeliveryTests();

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

async function listHealth(now = new Date()) {
  const { db } = await import("@/lib/db/client");
  const { readStreamListHealth } = await import("@/lib/health/stream-list");
  return readStreamListHealth(await db().logStream.findMany(), now);
}

describe("the stream list's health figures", () => {
  it("tell a broken stream (failures, backlog) from a healthy one, and an untouched one says never", async () => {
    const healthy = await createTestStream();
    const broken = await createTestStream();
    context.intake.setFault(broken.apiKey, { status: 403 });
    await ingest(uniqueEvents(6));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const idle = await createTestStream();

    const health = await listHealth();
    expect(health.get(healthy.stream.id)).toEqual({
      lastDeliveredAt: expect.any(String),
      failedLast24h: 0,
      backlog: 0,
    });
    expect(health.get(broken.stream.id)).toEqual({ lastDeliveredAt: null, failedLast24h: 6, backlog: 6 });
    expect(health.get(idle.stream.id)).toEqual({ lastDeliveredAt: null, failedLast24h: 0, backlog: 0 });

    // A day later the failures are out of the window; the backlog still waits.
    expect((await listHealth(new Date(Date.now() + DAY_MS + HOUR_MS))).get(broken.stream.id)).toMatchObject({
      failedLast24h: 0,
      backlog: 6,
    });
  });

  it("keep the backlog through retention pruning and drop it with Skip to now", async () => {
    const broken = await createTestStream();
    context.intake.setFault(broken.apiKey, { status: 403 });
    await ingest(uniqueEvents(4));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    // A month later: the counters are pruned, the events the suspended stream waits for are not.
    const monthLater = new Date(Date.now() + 31 * DAY_MS);
    const { pruneExpired } = await import("@/lib/events/retention");
    await pruneExpired(monthLater);
    expect((await listHealth(monthLater)).get(broken.stream.id)).toEqual({
      lastDeliveredAt: null,
      failedLast24h: 0,
      backlog: 4,
    });

    const { skipToNow } = await import("@/lib/delivery/skip");
    expect(await skipToNow(broken.stream.id, new Date())).toBe(4);
    expect((await listHealth()).get(broken.stream.id)).toMatchObject({ backlog: 0 });
  });
});

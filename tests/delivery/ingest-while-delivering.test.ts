import { describe, expect, it, vi } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher, uniqueEvents } from "../support/delivery";

const context = setUpDeliveryTests({ keepItems: false });

describe("ingesting while the dispatcher delivers", () => {
  // Bodies stored at once while batches are in flight: the cursor must never pass an event that
  // was not sent (on PostgreSQL, concurrent bodies also race to commit; lib/events/postgres-event-store.ts).
  it("delivers every event of many bodies stored at once", async () => {
    const { apiKey } = await createTestStream();
    const { dispatcher } = await testDispatcher({ pollIntervalMs: 1 });
    dispatcher.start();
    try {
      const bodies = Array.from({ length: 200 }, (_, i) => uniqueEvents(20, `concurrent-${i}`));
      await Promise.all(bodies.map((events) => ingest(events)));
      const expected = new Set(bodies.flat().map((e) => e.log_id));
      await vi.waitFor(() => expect(context.intake.stats(apiKey).items).toBeGreaterThanOrEqual(expected.size), {
        timeout: 20_000,
        interval: 50,
      });
      expect(new Set(context.intake.received(apiKey).map((item) => item.log_id))).toEqual(expected);
    } finally {
      await dispatcher.stop();
    }
  });
});

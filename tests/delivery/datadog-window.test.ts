import { describe, expect, it } from "vitest";
import {
  createTestStream,
  ingest,
  testDispatcher,
  uniqueEvents,
  setUpDeliveryTests,
  type FixtureEvent,
} from "../support/delivery";

const context = setUpDeliveryTests();

const OLD_DATE = "2021-03-04T05:06:07.890Z";

function dated(events: FixtureEvent[], date: string): FixtureEvent[] {
  return events.map((event) => ({ ...event, data: { ...event.data, date } }));
}

describe("Datadog's 18-hour window", () => {
  for (const settings of [
    { name: "as stored", overrides: {} },
    { name: "with a PII rule", overrides: { pii_config: { log_fields: ["username"], method: "mask" } } },
  ]) {
    it(`sends an event dated 2021 without the reserved date, marked delayed, and a fresh one with its date (${settings.name})`, async () => {
      const { stream, apiKey } = await createTestStream(settings.overrides);
      const fresh = dated(uniqueEvents(2), new Date().toISOString());
      const old = dated(uniqueEvents(3), OLD_DATE);
      await ingest([...fresh, ...old]);
      const { dispatcher } = await testDispatcher();
      await dispatcher.runPass();

      const received = new Map(context.intake.received(apiKey).map((item) => [item.log_id, item]));
      expect(received.size).toBe(5);
      for (const event of fresh) {
        const item = received.get(event.log_id)!;
        expect(item.date).toBe(event.data.date);
        expect(item).not.toHaveProperty("log_streams");
      }
      for (const event of old) {
        const item = received.get(event.log_id)!;
        expect(item).not.toHaveProperty("date");
        expect(item.log_streams).toEqual({ delayed: true, original_date: OLD_DATE });
        expect(item.data.date).toBe(OLD_DATE);
      }

      const { db } = await import("@/lib/db/client");
      const { getHealthSummary } = await import("@/lib/health/summary");
      const row = await db().logStream.findUniqueOrThrow({ where: { id: stream.id } });
      expect(await getHealthSummary(row, "1h")).toMatchObject({ deliveredInRange: 5, delayedInRange: 3 });
    });
  }

  it("keeps the fast path's stored items for a batch of fresh events", async () => {
    const { apiKey } = await createTestStream();
    const fresh = dated(uniqueEvents(4), new Date().toISOString());
    await ingest(fresh);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((item) => item.date)).toEqual(fresh.map((event) => event.data.date));
  });

  it("counts the old events Resume would send, for the dashboard's warning", async () => {
    const { stream } = await createTestStream();
    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "paused" });
    await ingest([...dated(uniqueEvents(2), new Date().toISOString()), ...dated(uniqueEvents(3), OLD_DATE)]);
    const { countDelayedWaiting } = await import("@/lib/health/delayed-events");
    expect(await countDelayedWaiting(stream.id)).toBe(3);
  });
});

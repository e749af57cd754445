import { describe, expect, it, vi } from "vitest";
import { createTestStream, ingest, testDispatcher, uniqueEvents, setUpDeliveryTests } from "../support/delivery";

const context = setUpDeliveryTests();

describe("streams side by side", () => {
  it("keeps delivering a healthy stream while another one hangs", async () => {
    const slow = await createTestStream();
    const healthy = await createTestStream();
    context.intake.setFault(slow.apiKey, { hang: true });
    const { dispatcher } = await testDispatcher({ timeoutMs: 120_000 });
    dispatcher.start();
    try {
      await ingest(uniqueEvents(3));
      await vi.waitFor(() => expect(context.intake.requests(slow.apiKey).length).toBeGreaterThan(0), {
        timeout: 20_000,
      });
      const later = uniqueEvents(3);
      await ingest(later);
      await vi.waitFor(() => expect(context.intake.received(healthy.apiKey)).toHaveLength(6), {
        timeout: 30_000,
        interval: 50,
      });
      // The hanging request is still unanswered while the healthy stream got everything.
      expect(context.intake.requests(slow.apiKey).map((r) => r.status)).toEqual([0]);
    } finally {
      context.intake.setFault(slow.apiKey, null);
      const { db } = await import("@/lib/db/client");
      await db().logStream.update({ where: { id: slow.stream.id }, data: { status: "paused" } });
      // Closing the intake ends the hanging request; the dispatcher is stopped, and the slow
      // stream's failure recorded, before the intake is back and the next test starts.
      await context.intake.close();
      await dispatcher.stop();
      context.intake = await restartIntake();
    }
  }, 90_000);

  it("never lets two dispatchers deliver the same batch", async () => {
    const streams = await Promise.all([createTestStream(), createTestStream(), createTestStream()]);
    const events = uniqueEvents(3_000);
    await ingest(events);
    const [a, b] = await Promise.all([
      testDispatcher({ workerId: "worker-a" }),
      testDispatcher({ workerId: "worker-b" }),
    ]);
    await Promise.all([a.dispatcher.runPass(), b.dispatcher.runPass(), a.dispatcher.runPass(), b.dispatcher.runPass()]);

    for (const { apiKey } of streams) {
      const ids = context.intake.received(apiKey).map((i) => i.log_id);
      expect(ids).toHaveLength(3_000);
      expect(new Set(ids).size).toBe(3_000);
    }
  });

  it("serves prioritized streams first", async () => {
    const plain = await createTestStream();
    const prioritized = await createTestStream({ isPriority: true });
    await ingest(uniqueEvents(10));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const order = context.intake
      .requests()
      .map((r) => r.apiKey)
      .filter((key) => key === plain.apiKey || key === prioritized.apiKey);
    expect(order).toEqual([prioritized.apiKey, plain.apiKey]);
  });

  it("wakes on an in-process ingest and delivers within a second", async () => {
    const { apiKey } = await createTestStream();
    const { dispatcher } = await testDispatcher();
    dispatcher.start();
    try {
      const { notifyEventsStored } = await import("@/lib/events/wake");
      const started = Date.now();
      await ingest(uniqueEvents(1));
      notifyEventsStored();
      await vi.waitFor(() => expect(context.intake.received(apiKey)).toHaveLength(1), { timeout: 1_000, interval: 10 });
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await dispatcher.stop();
    }
  });
});

/** The intake is closed to cut a hanging connection; a new one takes the same URL template. */
async function restartIntake() {
  const { startIntakeServer } = await import("@/standins/intake-server");
  const port = Number(new URL(process.env.DATADOG_INTAKE_URL_TEMPLATE!.replace("{site}", "x")).port);
  return startIntakeServer({ port });
}

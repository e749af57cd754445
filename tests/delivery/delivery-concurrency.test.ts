import { describe, expect, it, vi } from "vitest";
import {
  createTestStream,
  ingest,
  setUpDeliveryTests,
  streamRow,
  testDispatcher,
  uniqueEvents,
} from "../support/delivery";

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

  // The dispatchers below poll once in 10 minutes: only a wake can deliver within the tests' wait.
  const NEVER_POLLS_MS = 600_000;

  /** Waits until the stream got `count` events and its lease is released: the dispatcher's ticks that delivered them are over. */
  async function untilDeliveredAndReleased(streamId: string, apiKey: string, count: number) {
    await vi.waitFor(
      async () => {
        expect(context.intake.received(apiKey)).toHaveLength(count);
        expect((await streamRow(streamId)).leaseOwner).toBeNull();
      },
      { timeout: 15_000, interval: 10 },
    );
  }

  it("wakes on an ingest and delivers without waiting for its poll", async () => {
    const { stream, apiKey } = await createTestStream();
    await ingest(uniqueEvents(3));
    const { dispatcher } = await testDispatcher({ pollIntervalMs: NEVER_POLLS_MS });
    dispatcher.start();
    try {
      // The stream's first events are delivered by the dispatcher's first ticks: only a wake can deliver the next.
      await untilDeliveredAndReleased(stream.id, apiKey, 3);
      const { wakeDispatchers } = await import("@/lib/events/wake");
      await ingest(uniqueEvents(2));
      wakeDispatchers("events");
      await vi.waitFor(() => expect(context.intake.received(apiKey)).toHaveLength(5), {
        timeout: 15_000,
        interval: 10,
      });
    } finally {
      await dispatcher.stop();
    }
  });

  it("wakes when a stream is made active, and delivers what waited while it was paused", async () => {
    const { stream, apiKey } = await createTestStream();
    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "paused" });
    const probe = await createTestStream();
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher({ pollIntervalMs: NEVER_POLLS_MS });
    dispatcher.start();
    try {
      // The probe, active from the start, is delivered by the dispatcher's first ticks: only a wake can
      // deliver the paused stream's events.
      await untilDeliveredAndReleased(probe.stream.id, probe.apiKey, 3);
      expect(context.intake.received(apiKey)).toEqual([]);
      await updateStream(stream.id, { status: "active" });
      await vi.waitFor(() => expect(context.intake.received(apiKey)).toHaveLength(3), {
        timeout: 15_000,
        interval: 10,
      });
      expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(events.map((e) => e.log_id));
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

import { describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents } from "../support/delivery";

const context = setUpDeliveryTests();
const MINUTE = 60_000;

describe("a stream suspended for a rejected key", () => {
  it("checks its key every 5 minutes, backing off, and resumes where it stopped once Datadog accepts it", async () => {
    const { stream, apiKey } = await createTestStream();
    const { db } = await import("@/lib/db/client");
    const { createDispatcher } = await import("@/lib/delivery/dispatcher");
    let clock = new Date("2026-12-01T10:00:00Z");
    const dispatcher = createDispatcher({
      now: () => clock,
      sleep: async () => undefined,
      random: () => 0.5,
      timeoutMs: 5_000,
    });
    const readStream = () => db().logStream.findUniqueOrThrow({ where: { id: stream.id } });

    context.intake.setFault(apiKey, { status: 403 });
    const rejected = uniqueEvents(3);
    await ingest(rejected);
    await dispatcher.runPass();
    expect(await readStream()).toMatchObject({
      status: "suspended",
      keyCheckAt: new Date(clock.getTime() + 5 * MINUTE),
    });

    const backlog = uniqueEvents(4);
    await ingest(backlog);
    await dispatcher.runPass();
    expect(context.intake.keyChecks(apiKey)).toBe(0);

    clock = new Date(clock.getTime() + 5 * MINUTE);
    await dispatcher.runPass();
    expect(context.intake.keyChecks(apiKey)).toBe(1);
    expect(await readStream()).toMatchObject({
      status: "suspended",
      keyCheckAt: new Date(clock.getTime() + 5 * MINUTE),
    });

    context.intake.setFault(apiKey, { status: 503 });
    clock = new Date(clock.getTime() + 5 * MINUTE);
    await dispatcher.runPass();
    expect(context.intake.keyChecks(apiKey)).toBe(2);
    expect(await readStream()).toMatchObject({
      status: "suspended",
      keyCheckAt: new Date(clock.getTime() + 10 * MINUTE),
    });

    context.intake.setFault(apiKey, null);
    clock = new Date(clock.getTime() + 10 * MINUTE);
    await dispatcher.runPass();
    expect(context.intake.keyChecks(apiKey)).toBe(3);
    expect(await readStream()).toMatchObject({
      status: "active",
      statusReason: null,
      keyCheckAt: null,
      keyAcceptedAt: clock,
    });
    const { getHealthSummary } = await import("@/lib/health/summary");
    expect(await getHealthSummary(await readStream(), "24h", clock)).toMatchObject({
      keyAcceptedAt: clock.toISOString(),
      keyCheckAt: null,
    });
    // Nothing was skipped: the batch Datadog refused and the backlog behind it, in order.
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(
      [...rejected, ...backlog].map((e) => e.log_id),
    );
  });

  it("waits at most an hour between checks", async () => {
    const { keyCheckWaitMs } = await import("@/lib/delivery/key-heal");
    const suspendedAt = new Date("2026-12-01T10:00:00Z");
    const after = (minutes: number) =>
      keyCheckWaitMs(suspendedAt, new Date(suspendedAt.getTime() + minutes * MINUTE)) / MINUTE;
    expect([0, 5, 10, 20, 40, 80, 600].map(after)).toEqual([5, 5, 10, 20, 40, 60, 60]);
  });
});

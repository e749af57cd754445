import { describe, expect, it } from "vitest";
import {
  createTestStream,
  failuresOf,
  streamRow,
  ingest,
  testDispatcher,
  uniqueEvents,
  setUpDeliveryTests,
} from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

const context = setUpDeliveryTests();

describe("redelivery", () => {
  it.each([500, 503, 408])("retries a %i three times, then records one failure and moves on", async (status) => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status, times: 4 });
    const events = uniqueEvents(10);
    await ingest(events);
    const { dispatcher, sleeps } = await testDispatcher();
    await dispatcher.runPass();

    expect(context.intake.requests(apiKey).map((r) => r.status)).toEqual([status, status, status, status]);
    expect(sleeps).toEqual([1_000, 5_000, 25_000]);
    const [failure, ...more] = await failuresOf(stream.id);
    expect(more).toHaveLength(0);
    expect(failure).toMatchObject({
      attempts: 4,
      statusCode: status,
      eventCount: 10,
      firstLogId: events[0]!.log_id,
      lastLogId: events[9]!.log_id,
    });
    expect(failure!.error).toContain(`Injected fault ${status}`);
    expect(JSON.parse(failure!.eventSeqs)).toHaveLength(10);

    // The stream moved on: the next events go out normally.
    const next = uniqueEvents(3);
    await ingest(next);
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(next.map((e) => e.log_id));
    const row = await streamRow(stream.id);
    expect(row.status).toBe("active");
    expect(row.failingSince).toBeNull();
  });

  it("honours Retry-After on 429 and delivers once Datadog accepts", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 429, retryAfter: 7, times: 2 });
    const events = uniqueEvents(4);
    await ingest(events);
    const { dispatcher, sleeps } = await testDispatcher();
    await dispatcher.runPass();

    expect(sleeps).toEqual([7_000, 7_000]);
    expect(context.intake.requests(apiKey).map((r) => r.status)).toEqual([429, 429, 202]);
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(events.map((e) => e.log_id));
    expect(await failuresOf(stream.id)).toHaveLength(0);
  });

  it("treats no answer within the timeout like a 5xx", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { hang: true, times: 4 });
    await ingest(uniqueEvents(2));
    const { dispatcher, sleeps } = await testDispatcher({ timeoutMs: 200 });
    await dispatcher.runPass();

    expect(sleeps).toHaveLength(3);
    const [failure] = await failuresOf(stream.id);
    expect(failure).toMatchObject({ attempts: 4, statusCode: null, eventCount: 2 });
    expect(failure!.error).toContain("No answer from Datadog within 0.2 s");
  });

  it("records a 400 at once, without retrying", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 400, times: 1 });
    await ingest(uniqueEvents(5));
    const { dispatcher, sleeps } = await testDispatcher();
    await dispatcher.runPass();

    expect(sleeps).toEqual([]);
    expect(context.intake.requests(apiKey)).toHaveLength(1);
    expect(await failuresOf(stream.id)).toMatchObject([{ attempts: 1, statusCode: 400, eventCount: 5 }]);
  });

  it("splits a batch Datadog finds too large (413) and delivers the halves", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { maxItems: 10 });
    const events = uniqueEvents(40);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    expect(context.intake.requests(apiKey).map((r) => [r.status, r.itemCount])).toEqual([
      [413, 0],
      [413, 0],
      [202, 10],
      [202, 10],
      [413, 0],
      [202, 10],
      [202, 10],
    ]);
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(events.map((e) => e.log_id));
    expect(await failuresOf(stream.id)).toHaveLength(0);
  });
});

describe("a rejected key", () => {
  it.each([403, 401])("on %i suspends the stream, keeps its place, and resumes after a key change", async (status) => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status });
    const events = uniqueEvents(6);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const suspended = await streamRow(stream.id);
    expect(suspended.status).toBe("suspended");
    // Words only: the moment is statusChangedAt, written by the Health banner when it renders.
    expect(suspended.statusReason).toBe(`Datadog rejected the API key (${status}) — update the key in Settings`);
    expect(suspended.cursor).toBe(stream.cursor);
    expect(await failuresOf(stream.id)).toMatchObject([{ attempts: 1, statusCode: status, eventCount: 6 }]);

    // Suspended: more events and passes send nothing.
    await ingest(uniqueEvents(2));
    await dispatcher.runPass();
    expect(context.intake.requests(apiKey)).toHaveLength(1);

    const { updateStream } = await import("@/lib/streams/streams");
    const newKey = fakeDatadogApiKey();
    await updateStream(stream.id, { sink: { datadogApiKey: newKey } });
    await dispatcher.runPass();
    expect(
      context.intake
        .received(newKey)
        .map((i) => i.log_id)
        .slice(0, 6),
    ).toEqual(events.map((e) => e.log_id));
    expect(context.intake.received(newKey)).toHaveLength(8);
    expect((await streamRow(stream.id)).status).toBe("active");
  });

  it("resumes with the same key when the stream is set active again", async () => {
    const { stream, apiKey } = await createTestStream();
    context.intake.setFault(apiKey, { status: 403, times: 1 });
    const events = uniqueEvents(3);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect((await streamRow(stream.id)).status).toBe("suspended");

    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "active" });
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(events.map((e) => e.log_id));
  });

  it("sends again the batches that were in flight when an earlier one was rejected", async () => {
    const { MAX_BATCHES_IN_FLIGHT } = await import("@/lib/delivery/work-stream");
    const { stream, apiKey } = await createTestStream();
    // Only the first request is rejected: the batches sent beside it are accepted, but the cursor
    // stays before the rejected one, so they must be sent again after the resume.
    context.intake.setFault(apiKey, { status: 403, times: 1 });
    const events = uniqueEvents(MAX_BATCHES_IN_FLIGHT * 1000 + 500);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const suspended = await streamRow(stream.id);
    expect(suspended.status).toBe("suspended");
    expect(context.intake.requests(apiKey).length).toBe(MAX_BATCHES_IN_FLIGHT);

    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "active" });
    await dispatcher.runPass();
    const received = context.intake.received(apiKey).map((i) => i.log_id);
    expect(new Set(received)).toEqual(new Set(events.map((e) => e.log_id)));
    expect(received.length - new Set(received).size).toBeLessThanOrEqual((MAX_BATCHES_IN_FLIGHT - 1) * 1000);
    expect(await failuresOf(stream.id)).toHaveLength(1);
  });
});

describe("pausing and auto-suspension", () => {
  it("delivers nothing while paused and catches up on resume", async () => {
    const { stream, apiKey } = await createTestStream();
    const { updateStream } = await import("@/lib/streams/streams");
    await updateStream(stream.id, { status: "paused" });
    const events = uniqueEvents(5);
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.requests(apiKey)).toHaveLength(0);

    await updateStream(stream.id, { status: "active" });
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((i) => i.log_id)).toEqual(events.map((e) => e.log_id));
  });

  it("suspends a stream whose deliveries have failed for longer than LOGSTREAMS_SUSPEND_AFTER_HOURS", async () => {
    const { stream, apiKey } = await createTestStream();
    const { db } = await import("@/lib/db/client");
    // Failing for 8 days already (the default limit is 7 days = 168 hours).
    await db().logStream.update({
      where: { id: stream.id },
      data: { failingSince: new Date(Date.now() - 8 * 24 * 3600_000) },
    });
    context.intake.setFault(apiKey, { status: 400, times: 1 });
    await ingest(uniqueEvents(1));
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const row = await streamRow(stream.id);
    expect(row.status).toBe("suspended");
    expect(row.statusReason).toBe(
      "Suspended automatically: deliveries kept failing — check the failures below, then Resume",
    );
  });
});

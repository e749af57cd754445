import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  INGEST_BODIES_IN_FLIGHT_LIMIT,
  INGEST_BODIES_PER_CLIENT_LIMIT,
  INGEST_BYTES_IN_FLIGHT_LIMIT,
  INGEST_BYTES_PER_CLIENT_LIMIT,
  INGEST_WAITING_LIMIT,
  INGEST_WAIT_FOR_ROOM_MS,
  withIngestCapacity,
} from "./capacity";

const MB = 1024 * 1024;

/** An ingest that ends when `finish` is called. */
function pendingIngest() {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve("stored")));
  return { run: () => done, finish };
}

let clients = 0;
/** A client address of its own, so that only the limits on everyone's bodies apply. */
const anyClient = () => `client ${clients++}`;

/** Settles what is ready to settle (promise callbacks), without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("withIngestCapacity", () => {
  it("lets a body in once one in flight is stored, and refuses it with Retry-After when none is in time", async () => {
    const bodies = Math.floor(INGEST_BYTES_IN_FLIGHT_LIMIT / (5 * MB));
    const inFlight = Array.from({ length: bodies }, pendingIngest);
    const stored = inFlight.map((ingest) => withIngestCapacity(5 * MB, anyClient(), ingest.run));

    const refused = withIngestCapacity(5 * MB, anyClient(), async () => "stored").catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(INGEST_WAIT_FOR_ROOM_MS);
    expect(await refused).toMatchObject({ code: "service_unavailable", retryAfterSeconds: 1 });

    const waiting = pendingIngest();
    let outcome: unknown;
    const next = withIngestCapacity(5 * MB, anyClient(), waiting.run).then((result) => (outcome = result));
    await settle();
    expect(outcome).toBeUndefined();
    inFlight[0]!.finish();
    waiting.finish();
    await next;
    expect(outcome).toBe("stored");

    inFlight.slice(1).forEach((ingest) => ingest.finish());
    await Promise.all(stored);
  });

  it("counts bodies as well as bytes, and refuses at once past the waiting limit", async () => {
    const inFlight = Array.from({ length: INGEST_BODIES_IN_FLIGHT_LIMIT }, pendingIngest);
    const stored = inFlight.map((ingest) => withIngestCapacity(10, anyClient(), ingest.run));
    const waiters = Array.from({ length: INGEST_WAITING_LIMIT }, () =>
      withIngestCapacity(10, anyClient(), async () => "stored").catch((error: unknown) => error),
    );
    await expect(withIngestCapacity(10, anyClient(), async () => "stored")).rejects.toMatchObject({
      code: "service_unavailable",
    });

    inFlight.forEach((ingest) => ingest.finish());
    expect(await Promise.all(waiters)).toEqual(waiters.map(() => "stored"));
    await Promise.all(stored);
  });

  it("gives the room back when an ingest fails", async () => {
    const failures = Array.from({ length: INGEST_BODIES_IN_FLIGHT_LIMIT }, () =>
      withIngestCapacity(10, anyClient(), async () => Promise.reject(new Error("cut off"))).catch(() => "failed"),
    );
    expect(await Promise.all(failures)).toEqual(failures.map(() => "failed"));
    expect(await withIngestCapacity(5 * MB, anyClient(), async () => "stored")).toBe("stored");
  });

  it("holds each client address to its share, refusing it at once beyond, while others get in", async () => {
    const stalled = Array.from({ length: INGEST_BODIES_PER_CLIENT_LIMIT }, pendingIngest);
    const held = stalled.map((ingest) => withIngestCapacity(10, "slow", ingest.run));
    await expect(withIngestCapacity(10, "slow", async () => "stored")).rejects.toMatchObject({
      code: "service_unavailable",
      retryAfterSeconds: 1,
    });
    expect(await withIngestCapacity(10, "other", async () => "stored")).toBe("stored");

    const big = pendingIngest();
    const bigHeld = withIngestCapacity(INGEST_BYTES_PER_CLIENT_LIMIT - 5 * MB, "big", big.run);
    await expect(withIngestCapacity(5 * MB + 1, "big", async () => "stored")).rejects.toMatchObject({
      code: "service_unavailable",
    });
    expect(await withIngestCapacity(5 * MB, "big", async () => "stored")).toBe("stored");

    stalled[0]!.finish();
    await held[0];
    expect(await withIngestCapacity(10, "slow", async () => "stored")).toBe("stored");
    stalled.slice(1).forEach((ingest) => ingest.finish());
    big.finish();
    await Promise.all([...held, bigHeld]);
  });
});

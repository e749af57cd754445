// The writer thread warms the ingest path up as it starts (lib/ingest/warm-up.ts): sample bodies
// parsed and stored in transactions rolled back on SQLite, read into COPY data and dropped on
// PostgreSQL, so that the first real body after `npm start` does not pay for V8's first runs.
// Nothing of them may be kept or counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEvents, useDeliveryEnvironment } from "../support/delivery";

describe("warming up ingestion", () => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { intake } = await useDeliveryEnvironment();
    close = () => intake.close();
  });
  afterAll(() => close());

  const storedState = async () => {
    const { db } = await import("@/lib/db/client");
    const counter = await db().setting.findUnique({ where: { key: "events_ingested_total" } });
    return { events: await db().event.count(), ingestedTotal: Number(counter?.value ?? 0) };
  };

  it("stores and counts none of its sample events, and the next body is stored as usual", async () => {
    const { warmUpIngest } = await import("@/lib/ingest/warm-up");
    const { ingestBody } = await import("@/lib/ingest/ingest");
    const before = await storedState();

    await warmUpIngest();
    expect(await storedState()).toEqual(before);

    expect(await ingestBody(Buffer.from(JSON.stringify(uniqueEvents(25, "after-warm-up"))))).toEqual({
      accepted: 25,
      duplicates: 0,
    });
    expect(await storedState()).toEqual({ events: before.events + 25, ingestedTotal: before.ingestedTotal + 25 });
  });
});

// The server and `npm run worker` warm delivery's first steps up as they start (lib/delivery/warm-up.ts):
// the joined read of a batch, a lease claim and a gzip, so that the first batch after a start does not
// pay for them. It may read, store, claim or send nothing.
import { describe, expect, it } from "vitest";
import {
  createTestStream,
  ingest,
  setUpDeliveryTests,
  streamRow,
  testDispatcher,
  uniqueEvents,
} from "../support/delivery";

const context = setUpDeliveryTests();

describe("warming up delivery", () => {
  it("sends, claims and changes nothing, and the next pass delivers as usual", async () => {
    const { stream, apiKey } = await createTestStream();
    const events = uniqueEvents(20, "before-warm-up");
    await ingest(events);
    const { db } = await import("@/lib/db/client");
    const before = { stream: await streamRow(stream.id), events: await db().event.count() };

    const { warmUpDelivery } = await import("@/lib/delivery/warm-up");
    await warmUpDelivery();

    expect(context.intake.requests()).toEqual([]);
    expect({ stream: await streamRow(stream.id), events: await db().event.count() }).toEqual(before);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual(events.map((event) => event.log_id));
  });
});

import { describe, expect, it } from "vitest";
import { createTestStream, ingest, testDispatcher, setUpDeliveryTests, type FixtureEvent } from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

const context = setUpDeliveryTests();

/** An event whose data has its own "__proto__" key, as JSON.parse builds it from an ingested body. */
function eventWithProtoKey(logId: string): FixtureEvent {
  const text = `{"log_id":"${logId}","data":{"type":"s","date":"${new Date().toISOString()}","__proto__":{"note":"kept","email":"inner@test.com"},"email":"dev@test.com"}}`;
  return JSON.parse(text) as FixtureEvent;
}

describe("an event's own __proto__ key", () => {
  it("reaches Datadog as data on a stream with a PII rule, as it does on a plain stream", async () => {
    const plainKey = fakeDatadogApiKey();
    const piiKey = fakeDatadogApiKey();
    await createTestStream({ sink: { datadogApiKey: plainKey, datadogRegion: "us" } });
    await createTestStream({
      pii_config: { log_fields: ["email"], method: "mask" },
      sink: { datadogApiKey: piiKey, datadogRegion: "us" },
    });
    const event = eventWithProtoKey(`proto-${fakeDatadogApiKey()}`);
    await ingest([event]);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    const [plain] = context.intake.received(plainKey);
    const [concealed] = context.intake.received(piiKey);
    expect(Object.hasOwn(plain!.data, "__proto__")).toBe(true);
    expect(plain!.data["__proto__"]).toEqual({ note: "kept", email: "inner@test.com" });
    expect(Object.hasOwn(concealed!.data, "__proto__")).toBe(true);
    expect(concealed!.data["__proto__"]).toEqual({ note: "kept", email: "******" });
    expect(concealed!.data.email).toBe("******");
  });
});

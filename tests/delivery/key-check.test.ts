import { describe, expect, it } from "vitest";
import { setUpDeliveryTests } from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

const context = setUpDeliveryTests();

async function check(apiKey: string, options: { timeoutMs?: number; apiUrlTemplate?: string } = {}) {
  const { checkApiKey } = await import("@/lib/destinations/datadog/key-check");
  return checkApiKey({ apiKey, region: "eu" }, options);
}

describe("the key check against Datadog's /api/v1/validate", () => {
  it("says valid when Datadog answers 200 {valid: true}, on the region's site", async () => {
    const apiKey = fakeDatadogApiKey();
    expect(await check(apiKey)).toEqual({ result: "valid" });
    expect(context.intake.keyChecks(apiKey)).toBe(1);
    const { validateUrl } = await import("@/lib/destinations/datadog/key-check");
    expect(validateUrl("https://api.{site}", "us2-fed")).toBe("https://api.us2.ddog-gov.com/api/v1/validate");
  });

  it("says invalid when Datadog refuses the key with 403", async () => {
    const apiKey = fakeDatadogApiKey();
    context.intake.setFault(apiKey, { status: 403 });
    expect(await check(apiKey)).toEqual({ result: "invalid", statusCode: 403 });
  });

  it("says unreachable, without the key, when Datadog is down, slow or not listening", async () => {
    const apiKey = fakeDatadogApiKey();
    context.intake.setFault(apiKey, { status: 503, echoApiKey: true });
    const down = await check(apiKey);
    expect(down).toEqual({ result: "unreachable", detail: "Datadog answered 503" });

    context.intake.setFault(apiKey, { hang: true });
    expect(await check(apiKey, { timeoutMs: 200 })).toEqual({
      result: "unreachable",
      detail: "No answer from Datadog within 0.2 s",
    });

    const closed = await check(apiKey, { apiUrlTemplate: "http://127.0.0.1:1/{site}" });
    expect(closed).toMatchObject({ result: "unreachable", detail: expect.stringContaining("Network error") });
    expect(JSON.stringify([down, closed])).not.toContain(apiKey);
  });
});

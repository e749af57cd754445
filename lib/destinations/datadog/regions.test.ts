import { describe, expect, it } from "vitest";
import { normalizeRegion, siteOf } from "./regions";

describe("regions", () => {
  it.each([
    ["US2-FED", "us2-fed", "us2.ddog-gov.com"],
    ["us1-fed", "us1-fed", "ddog-gov.com"],
    ["EU1", "eu", "datadoghq.eu"],
  ])("reads %s as %s, sent to %s", (input, region, site) => {
    expect(normalizeRegion(input)).toBe(region);
    expect(siteOf(normalizeRegion(input)!)).toBe(site);
  });

  it("knows no other", () => {
    expect(normalizeRegion("us3-fed")).toBeUndefined();
  });
});

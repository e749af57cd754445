import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, newStreamBody } from "../support/api";
import { adminSessionCookie } from "../support/server-actions";

describe("query strings of the Health page and the failures API", () => {
  let cookie = "";
  let streamId = "";

  beforeAll(async () => {
    cookie = await adminSessionCookie();
    streamId = ((await api.createStream(newStreamBody())).json as { id: string }).id;
  });

  const healthPage = (query: string) =>
    fetch(`${inject("appUrl")}/log-streams/${streamId}/health?${query}`, { headers: { cookie }, redirect: "manual" });

  it("falls back to the last 24 hours for a range that is no range, object keys included", async () => {
    for (const range of [
      "constructor",
      "__proto__",
      "toString",
      "hasOwnProperty",
      "valueOf",
      "1h&range=7d",
      "",
      "%00",
    ]) {
      const response = await healthPage(`range=${range}`);
      expect(response.status, range).toBe(200);
      const html = await response.text();
      expect(html, range).toMatch(/aria-current="page"[^>]*>Last (24 hours|hour)</);
    }
    expect(await (await healthPage("range=7d")).text()).toMatch(/aria-current="page"[^>]*>Last 7 days</);
  });

  it("shows a real page for any page number: huge, negative, not a number", async () => {
    for (const page of ["99999999999999999999", "1e300", "-1", "abc", "9007199254740993", "100000", "0x10"]) {
      const response = await healthPage(`page=${page}`);
      expect(response.status, page).toBe(200);
      expect(await response.text(), page).toContain("No failed deliveries");
    }
  });

  it("the failures API answers 400, not 500, for a page number out of bounds", async () => {
    for (const page of ["99999999999999999999", "1e300", "-1", "__proto__"]) {
      const response = await api.failures(streamId, { page });
      expect(response.status, page).toBe(400);
      expect(response.json.errorCode, page).toBe("invalid_body");
    }
    expect((await api.failures(streamId, { page: 3 })).json).toEqual([]);
  });
});

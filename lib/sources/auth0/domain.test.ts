import { describe, expect, it } from "vitest";
import { auth0BaseUrl, isPlausibleLogId } from "./domain";

describe("auth0BaseUrl", () => {
  it("serves a tenant domain over https", () => {
    expect(auth0BaseUrl("acme.us.auth0.com")).toBe("https://acme.us.auth0.com");
    expect(auth0BaseUrl(" Login.Example.COM ")).toBe("https://login.example.com");
  });

  it("takes a full http(s) base URL, for stand-ins", () => {
    expect(auth0BaseUrl("http://127.0.0.1:9998")).toBe("http://127.0.0.1:9998");
    expect(auth0BaseUrl("https://acme.eu.auth0.com/")).toBe("https://acme.eu.auth0.com");
  });

  it("refuses what is neither, rather than dropping parts of it", () => {
    for (const bad of [
      "",
      "acme",
      "acme.us.auth0.com/api",
      "https://acme.us.auth0.com/api/v2",
      "https://user:pw@acme.auth0.com",
      "ftp://acme.auth0.com",
      "acme auth0.com",
      "http://x?y=1",
    ]) {
      expect(auth0BaseUrl(bad), bad).toBeNull();
    }
  });
});

describe("isPlausibleLogId", () => {
  it("accepts Auth0's digit log_ids and refuses spaces or URL syntax", () => {
    expect(isPlausibleLogId("90020261130000049776034581824594283664074607610356101133")).toBe(true);
    expect(isPlausibleLogId("a b")).toBe(false);
    expect(isPlausibleLogId("1&take=5")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { itemJson } from "@/lib/events/item-json";
import { classifyHecAnswer } from "./hec";
import { splunkDestination } from "./index";

const answer = (status: number | null, code?: number, retryAfterMs?: number) => ({
  status,
  text: code === undefined ? "" : JSON.stringify({ text: "…", code }),
  retryAfterMs,
});
const kindOf = (status: number | null, code?: number) => classifyHecAnswer(answer(status, code)).kind;

describe("classifyHecAnswer", () => {
  it("maps HEC's statuses and codes to the engine's outcomes", () => {
    expect(kindOf(200, 0)).toBe("delivered");
    expect([kindOf(503, 9), kindOf(503), kindOf(500, 8), kindOf(502), kindOf(null), kindOf(429)]).toEqual(
      Array(6).fill("retry"),
    );
    expect([
      kindOf(403, 1),
      kindOf(401, 2),
      kindOf(401, 3),
      kindOf(403, 4),
      kindOf(400, 4),
      kindOf(401),
      kindOf(403),
    ]).toEqual(Array(7).fill("suspend"));
    expect([
      kindOf(400, 5),
      kindOf(400, 6),
      kindOf(400, 7),
      kindOf(400, 12),
      kindOf(400, 13),
      kindOf(404),
      kindOf(301),
    ]).toEqual(Array(7).fill("fail"));
    expect(kindOf(413)).toBe("split");
  });

  it("keeps the answer's Retry-After when HEC is busy", () => {
    expect(classifyHecAnswer(answer(503, 9, 7_000))).toEqual({ kind: "retry", retryAfterMs: 7_000 });
  });
});

describe("the Splunk destination's items", () => {
  const config = splunkDestination.configOf({
    splunkDomain: "hec.example.com",
    splunkToken: "00000000-1111-2222-3333-444455556666",
  });
  const data = {
    date: "2026-11-30T00:00:49.838Z",
    type: "s",
    hostname: "acme.eu.auth0.com",
    user_name: "ann@example.com",
  };
  const event = { seq: 1n, logId: "9001", type: "s", item: itemJson("9001", data) };

  it("is a HEC event: epoch seconds from data.date, the tenant as host, source and sourcetype auth0, Auth0's {log_id, data}", () => {
    const { json } = splunkDestination.encodeItem(event, { config, conceal: null, now: new Date() });
    expect(JSON.parse(json)).toEqual({
      time: 1795996849.838,
      host: "acme.eu.auth0.com",
      source: "auth0",
      sourcetype: "auth0",
      event: { log_id: "9001", data },
    });
  });

  it("applies the PII rule to data, and leaves out time and host an event lacks", () => {
    const bare = { ...event, item: itemJson("9002", { type: "s", user_name: "ann@example.com" }) };
    const { json } = splunkDestination.encodeItem(bare, {
      config,
      conceal: (d) => ({ ...d, user_name: "******" }),
      now: new Date(),
    });
    expect(JSON.parse(json)).toEqual({
      source: "auth0",
      sourcetype: "auth0",
      event: { log_id: "9002", data: { type: "s", user_name: "******" } },
    });
  });

  it("takes a host name or an IP address as splunkDomain, nothing else", () => {
    const domainOk = (splunkDomain: string) =>
      splunkDestination.sinkSchema.safeParse({ splunkDomain, splunkToken: "t" }).success;
    expect(["hec.example.com", "10.0.0.5", "::1", "[2001:db8::7]", "localhost"].map(domainOk)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      ["https://hec.example.com", "hec.example.com:8088", "hec.example.com/x", "a b", "-x.com", ""].map(domainOk),
    ).toEqual(Array(6).fill(false));
    const ipv6 = splunkDestination.configOf({ splunkDomain: "2001:db8::7", splunkToken: "t", splunkPort: "443" });
    expect(splunkDestination.request(ipv6).url).toBe("https://[2001:db8::7]:443/services/collector/event");
  });

  it("stacks events without separators, gzip'ed to HEC's event endpoint with the token", () => {
    expect(splunkDestination.encodeBody(['{"a":1}', '{"b":2}'])).toBe('{"a":1}{"b":2}');
    expect(config).toMatchObject({ splunkPort: "8088", splunkSecure: true });
    expect(splunkDestination.request(config)).toMatchObject({
      url: "https://hec.example.com:8088/services/collector/event",
      headers: { Authorization: "Splunk 00000000-1111-2222-3333-444455556666", "Content-Encoding": "gzip" },
      gzip: true,
    });
  });
});

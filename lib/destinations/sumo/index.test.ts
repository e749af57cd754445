import { describe, expect, it } from "vitest";
import { isMaskedApiKey } from "../mask";
import { maskSourceAddress, sumoDestination } from "./index";
import { sumoSinkSchema } from "./sink";

const TOKEN = "ZaVnC4dhaV3uTKlva1XsKQ-8FqYQkqNvl3ZfbH2_uR0pYn1n3UgjYL6cQ-KxW9vJc4FyTk2vbJ0dS7wq8Xb5RdA==";
const ADDRESS = `https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/${TOKEN}`;

describe("Sumo Logic's answers", () => {
  const verdict = (status: number | null, retryAfterMs?: number) =>
    sumoDestination.classify({ status, text: "", retryAfterMs });

  it("delivers on 2xx, suspends on 401, 403 and 404 (a deleted source), splits on 413", () => {
    expect(verdict(200)).toEqual({ kind: "delivered" });
    for (const status of [401, 403, 404]) expect(verdict(status)).toEqual({ kind: "suspend" });
    expect(verdict(413)).toEqual({ kind: "split" });
  });

  it("retries no answer, 408, 429 and 5xx with their Retry-After; fails a redirect and other 4xx", () => {
    expect(verdict(429, 7_000)).toEqual({ kind: "retry", retryAfterMs: 7_000 });
    for (const status of [null, 408, 500, 503, 504]) expect(verdict(status).kind).toBe("retry");
    for (const status of [302, 400, 405]) expect(verdict(status)).toEqual({ kind: "fail" });
  });

  it("tells what to do when the source is gone or refuses the address", () => {
    expect(sumoDestination.refusedReason(404)).toMatch(/deleted.*Settings/);
    expect(sumoDestination.refusedReason(401)).toMatch(/\(401\).*Settings/);
  });
});

describe("the source address", () => {
  it("shows as its host and its last 4 characters, and is recognised when sent back", () => {
    const masked = maskSourceAddress(ADDRESS);
    expect(masked).toBe("https://endpoint1.collection.us2.sumologic.com/••••dA==");
    expect(masked).not.toContain(TOKEN.slice(0, 8));
    expect(isMaskedApiKey(masked)).toBe(true);
    expect(sumoDestination.maskSecret("sumoSourceAddress", ADDRESS)).toBe(masked);
  });

  it("must be an HTTP source's address", () => {
    expect(sumoSinkSchema.parse({ sumoSourceAddress: ` ${ADDRESS} ` })).toEqual({ sumoSourceAddress: ADDRESS });
    for (const sumoSourceAddress of [
      "endpoint1.collection.sumologic.com",
      "https://endpoint1.collection.sumologic.com/",
      "https://endpoint1.collection.sumologic.com/receiver/v1/http/",
      "ftp://x/receiver/v1/http/abc",
      `https://user:pw@endpoint1.collection.sumologic.com/receiver/v1/http/${TOKEN}`,
    ]) {
      expect(sumoSinkSchema.safeParse({ sumoSourceAddress }).success, sumoSourceAddress).toBe(false);
    }
    expect(sumoSinkSchema.safeParse({ sumoSourceAddress: ADDRESS, extra: 1 }).success).toBe(false);
  });

  it("is masked in an answer that repeats its token alone; a log_id is left alone", () => {
    const logId = "90020230726131118200088000000000000001223372038981421504";
    expect(sumoDestination.maskAnswer!(`unknown token ${TOKEN} for ${logId}`)).toBe(
      `unknown token ••••dA== for ${logId}`,
    );
  });
});

describe("the body", () => {
  it("is one event a line, each line ended, its size counted with the newlines", () => {
    const items = ['{"log_id":"1","data":{}}', '{"log_id":"2","data":{}}'];
    const body = sumoDestination.encodeBody(items);
    expect(body).toBe('{"log_id":"1","data":{}}\n{"log_id":"2","data":{}}\n');
    expect(sumoDestination.bodyBytes(Buffer.byteLength(items.join("")), items.length)).toBe(Buffer.byteLength(body));
  });

  it("keeps Auth0's {log_id, data}, the PII rule applied", () => {
    const item = JSON.stringify({
      log_id: "a1",
      data: { type: "s", user_name: "ann" },
      ddsource: "auth0",
      service: "auth0",
      message: "s ann",
    });
    const event = { seq: 1n, logId: "a1", type: "s", item };
    const config = { sumoSourceAddress: ADDRESS };
    expect(sumoDestination.encodeItem(event, { config, conceal: null, now: new Date() }).json).toBe(
      '{"log_id":"a1","data":{"type":"s","user_name":"ann"}}',
    );
    const conceal = (data: Record<string, unknown>) => ({ ...data, user_name: "***" });
    expect(JSON.parse(sumoDestination.encodeItem(event, { config, conceal, now: new Date() }).json)).toEqual({
      log_id: "a1",
      data: { type: "s", user_name: "***" },
    });
  });

  it("goes gzip'ed to the address, with no credentials besides it", () => {
    const plan = sumoDestination.request({ sumoSourceAddress: ADDRESS });
    expect(plan).toMatchObject({ url: ADDRESS, gzip: true, headers: { "Content-Encoding": "gzip" } });
    expect(Object.keys(plan.headers).map((h) => h.toLowerCase())).not.toContain("authorization");
  });
});

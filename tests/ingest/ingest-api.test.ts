import crypto from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api } from "../support/api";
import { appClient, type AppAnswer } from "../support/app-client";
import { countStoredEvents } from "../support/inspect-db";

const databaseUrl = inject("databaseUrl");

const ids = (n: number) => {
  const prefix = crypto.randomBytes(6).toString("hex");
  return Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
};
const event = (logId: string) => ({ log_id: logId, data: { type: "s", log_id: logId, description: "Success Login" } });

/** Posts `body` as it is with another ingestion token, or none. */
const postWith = (token: string | undefined, body: string) =>
  appClient(inject("appUrl"), { ingestToken: token }).ingest(body);

describe("POST /api/v2/logs accepts", () => {
  it("a JSON array", async () => {
    const logIds = ids(3);
    const response = await api.ingest(JSON.stringify(logIds.map(event)));
    expect(response.status).toBe(202);
    expect(response.json).toEqual({ accepted: 3, duplicates: 0 });
    expect(await countStoredEvents(databaseUrl, logIds)).toBe(3);
  });

  it("JSON Lines, with blank lines and CRLF", async () => {
    const logIds = ids(3);
    const body = logIds.map((id) => JSON.stringify(event(id))).join("\r\n\r\n");
    const response = await api.ingest(body, { contentType: "application/x-ndjson" });
    expect(response.json).toEqual({ accepted: 3, duplicates: 0 });
    expect(await countStoredEvents(databaseUrl, logIds)).toBe(3);
  });

  it("one object, compact or pretty-printed", async () => {
    const [a, b] = ids(2);
    expect((await api.ingest(JSON.stringify(event(a!)))).json).toEqual({ accepted: 1, duplicates: 0 });
    expect((await api.ingest(JSON.stringify(event(b!), null, 2))).json).toEqual({ accepted: 1, duplicates: 0 });
    expect(await countStoredEvents(databaseUrl, [a!, b!])).toBe(2);
  });

  it("stores a log_id once, counting repeats within and across bodies", async () => {
    const [a, b, c] = ids(3);
    expect((await api.ingest(JSON.stringify([event(a!), event(b!), event(a!)]))).json).toEqual({
      accepted: 2,
      duplicates: 1,
    });
    expect((await api.ingest(JSON.stringify([event(b!), event(c!)]))).json).toEqual({ accepted: 1, duplicates: 1 });
    expect(await countStoredEvents(databaseUrl, [a!, b!, c!])).toBe(3);
  });

  it("the fixture events as Auth0 sends them", async () => {
    const { fixtureEvents } = await import("../support/delivery");
    const prefix = crypto.randomBytes(6).toString("hex");
    const events = fixtureEvents().map((e) => ({ ...e, log_id: `${prefix}-${e.log_id}` }));
    const response = await api.ingest(events.map((e) => JSON.stringify(e)).join("\n"));
    expect(response.json).toEqual({ accepted: events.length, duplicates: 0 });
  });
});

describe("POST /api/v2/logs refuses, storing nothing of the body,", () => {
  async function expectRefused(response: AppAnswer, status: number, message: string | RegExp, logIds: string[]) {
    expect(response.status).toBe(status);
    const body = response.json;
    expect(body).toMatchObject({ statusCode: status, error: expect.any(String), errorCode: expect.any(String) });
    expect(body.message).toMatch(message);
    if (logIds.length > 0) expect(await countStoredEvents(databaseUrl, logIds)).toBe(0);
  }

  it("malformed JSON Lines, naming the line", async () => {
    const logIds = ids(2);
    const body = `${JSON.stringify(event(logIds[0]!))}\n${JSON.stringify(event(logIds[1]!))}\n{"log_id": "x", `;
    await expectRefused(await api.ingest(body), 400, "line 3: not valid JSON", logIds);
  });

  it("an event without log_id or data, naming the index", async () => {
    const logIds = ids(2);
    await expectRefused(
      await api.ingest(JSON.stringify([event(logIds[0]!), { data: {} }])),
      400,
      "index 1: log_id must be a non-empty string",
      logIds,
    );
    await expectRefused(
      await api.ingest(JSON.stringify([event(logIds[1]!), { log_id: "zz" }])),
      400,
      "index 1: data must be an object",
      logIds,
    );
    await expectRefused(
      await api.ingest(`${JSON.stringify(event(logIds[0]!))}\n{"log_id":"q","data":"text"}`),
      400,
      "line 2: data must be an object",
      logIds,
    );
  });

  it("an event that repeats data, spelt with an escape, naming the index", async () => {
    const [a, x] = ids(2);
    const repeated = `{"log_id":"${x}","data":{"type":"s","description":"Success Login"},"\\u0064ata":{"type":"f","description":"Wrong password"}}`;
    await expectRefused(
      await api.ingest(`[${JSON.stringify(event(a!))},${repeated}]`),
      400,
      'index 1: the key "data" appears twice in one object',
      [a!, x!],
    );
  });

  it("an empty body and an empty array", async () => {
    await expectRefused(await api.ingest(""), 400, /empty/, []);
    await expectRefused(await api.ingest("[]"), 400, /empty/, []);
  });

  it("a missing or wrong token, including the Management API token", async () => {
    const logIds = ids(1);
    const body = JSON.stringify(event(logIds[0]!));
    await expectRefused(await postWith(undefined, body), 401, /Missing/, logIds);
    await expectRefused(await postWith("wrong-token-wrong-token", body), 401, /Invalid token/, logIds);
    await expectRefused(await postWith(inject("apiToken"), body), 401, /Invalid token/, logIds);
  });

  it("a body over 5 MB", async () => {
    const logIds = ids(1);
    const big = JSON.stringify([{ ...event(logIds[0]!), data: { type: "s", blob: "x".repeat(5 * 1024 * 1024) } }]);
    await expectRefused(await api.ingest(big), 413, /larger than/, logIds);
  });
});

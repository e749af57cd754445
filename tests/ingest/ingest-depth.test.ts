import crypto from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api } from "../support/api";
import { countStoredEvents } from "../support/inspect-db";

const databaseUrl = inject("databaseUrl");

const LIMIT_MESSAGE = "the event nests objects and arrays more than 64 levels deep (the limit)";

const ids = (n: number) => {
  const prefix = crypto.randomBytes(6).toString("hex");
  return Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
};
const event = (logId: string) => ({ log_id: logId, data: { type: "s", log_id: logId, description: "Success Login" } });
/** An event whose data nests 20,000 levels deep (~120 KB). */
const deepEvent = (logId: string) =>
  `{"log_id":"${logId}","data":{"type":"s","deep":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}}`;

async function expectRefused(body: string, message: string, logIds: string[]) {
  const response = await api.ingest(body);
  expect(response.status).toBe(400);
  expect(response.json).toMatchObject({ statusCode: 400, errorCode: "invalid_body", message });
  expect(await countStoredEvents(databaseUrl, logIds)).toBe(0);
}

describe("POST /api/v2/logs refuses an event nested 20,000 levels deep, storing nothing of the body,", () => {
  it("in an array, naming its index", async () => {
    const logIds = ids(3);
    await expectRefused(
      `[${JSON.stringify(event(logIds[0]!))},${JSON.stringify(event(logIds[1]!))},${deepEvent(logIds[2]!)}]`,
      `index 2: ${LIMIT_MESSAGE}`,
      logIds,
    );
  });

  it("in JSON Lines, naming its line", async () => {
    const logIds = ids(2);
    await expectRefused(
      `${JSON.stringify(event(logIds[0]!))}\n${deepEvent(logIds[1]!)}\n`,
      `line 2: ${LIMIT_MESSAGE}`,
      logIds,
    );
  });

  it("sent alone", async () => {
    const logIds = ids(1);
    await expectRefused(deepEvent(logIds[0]!), `the event: ${LIMIT_MESSAGE}`, logIds);
  });
});

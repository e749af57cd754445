import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appClient } from "../support/app-client";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";

const credentials = newCredentials();
let app: AppServer;

beforeAll(async () => {
  const database = await createTempDatabase();
  app = await startAppServer({
    DATABASE_URL: database.url,
    LOGSTREAMS_WORKER: "off",
    LOGSTREAMS_API_RATE_LIMIT: "3",
    ...credentialEnv(credentials),
  });
});
afterAll(() => app.stop());

describe("Management API rate limit", () => {
  it("answers 429 with Auth0's body and headers past the limit, then recovers", async () => {
    const get = () => appClient(app.baseUrl, credentials).listStreams();
    // A burst far past the limit: on a loaded machine it may straddle windows (each lets 3 through),
    // so the counting itself is unit-tested with a given clock (takeRequest); here, the answer.
    const responses = await Promise.all(Array.from({ length: 30 }, get));
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.json).toEqual({
      statusCode: 429,
      error: "Too Many Requests",
      message: "Global limit has been reached",
      errorCode: "too_many_requests",
    });
    expect(limited[0]!.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited[0]!.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    await vi.waitFor(async () => expect((await get()).status).toBe(200), { timeout: 10_000, interval: 250 });
  });

  it("does not limit ingestion", async () => {
    const post = (i: number) =>
      appClient(app.baseUrl, credentials).ingest({ log_id: `rl-${Date.now()}-${i}`, data: { type: "s" } });
    const statuses = (await Promise.all(Array.from({ length: 8 }, (_, i) => post(i)))).map((r) => r.status);
    expect(statuses).toEqual(Array(8).fill(202));
  });
});

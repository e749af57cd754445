import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appClient } from "../support/app-client";
import { createTempDatabase, credentialEnv, newCredentials, startAppServer, type AppServer } from "../support/app-server";

const credentials = newCredentials();
let app: AppServer;

beforeAll(async () => {
  const database = await createTempDatabase();
  app = await startAppServer({ DATABASE_URL: database.url, LOGSTREAMS_WORKER: "off", LOGSTREAMS_API_RATE_LIMIT: "3", ...credentialEnv(credentials) });
});
afterAll(() => app.stop());

describe("Management API rate limit", () => {
  it("answers 429 with Auth0's body and headers past the limit, then recovers", async () => {
    const get = () => appClient(app.baseUrl, credentials).listStreams();
    const responses = await Promise.all(Array.from({ length: 6 }, get));
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200).length).toBeLessThanOrEqual(3);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited[0]!.json).toEqual({ statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached", errorCode: "too_many_requests" });
    expect(limited[0]!.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited[0]!.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await get()).status).toBe(200);
  });

  it("does not limit ingestion", async () => {
    const post = (i: number) => appClient(app.baseUrl, credentials).ingest({ log_id: `rl-${Date.now()}-${i}`, data: { type: "s" } });
    const statuses = (await Promise.all(Array.from({ length: 8 }, (_, i) => post(i)))).map((r) => r.status);
    expect(statuses).toEqual(Array(8).fill(202));
  });
});

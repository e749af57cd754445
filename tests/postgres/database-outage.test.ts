// PostgreSQL stopped under a running app: ingestion and the Management API answer 503 with
// Retry-After, the app logs the outage once, and after the restart whatever got 202 is there.
// A cluster of its own, since it is stopped: it runs whenever PostgreSQL's binaries are installed.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findPgBin, startPgCluster, type PgCluster } from "@/tools/pg-cluster";
import { appClient, type AppAnswer } from "../support/app-client";
import { countStoredEvents } from "../support/inspect-db";
import { credentialEnv, newCredentials, runPrisma, startAppServer, type AppServer } from "../support/app-server";

const OUTAGE_LINE = /database unreachable/g;

const credentials = newCredentials();
let cluster: PgCluster | undefined;
let app: AppServer | undefined;

beforeAll(async () => {
  if (!findPgBin()) return;
  cluster = await startPgCluster();
  await runPrisma(["migrate", "deploy"], { DATABASE_URL: cluster.url });
  app = await startAppServer({ DATABASE_URL: cluster.url, ...credentialEnv(credentials) });
});
afterAll(async () => {
  await app?.stop();
  cluster?.stop();
});

const logIds = (count: number) => {
  const prefix = crypto.randomBytes(6).toString("hex");
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
};

const client = () => appClient(app!.baseUrl, credentials);
const ingest = (ids: string[]) =>
  client().ingest(ids.map((id) => ({ log_id: id, data: { type: "s", description: "Successful login" } })));
const listStreams = () => client().listStreams();

function expectUnavailable(response: AppAnswer) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(response.json).toMatchObject({
    statusCode: 503,
    error: "Service Unavailable",
    errorCode: "service_unavailable",
  });
}

describe.skipIf(!findPgBin())("a PostgreSQL outage", () => {
  it("is answered 503 with Retry-After and logged once; after it, ingestion works and nothing accepted is lost", async () => {
    const before = logIds(20);
    expect((await ingest(before)).status).toBe(202);

    cluster!.pause();
    const during = logIds(20);
    for (let i = 0; i < 3; i++) {
      expectUnavailable(await ingest(during));
      expectUnavailable(await listStreams());
    }
    expect(app!.output().match(OUTAGE_LINE)).toHaveLength(1);
    expect(app!.output()).not.toMatch(/unhandled API error/);

    cluster!.resume();
    await vi.waitFor(async () => expect((await ingest(during)).status).toBe(202), { timeout: 30_000, interval: 250 });
    expect((await listStreams()).status).toBe(200);
    expect(await countStoredEvents(cluster!.url, [...before, ...during])).toBe(before.length + during.length);
    expect(app!.output().match(OUTAGE_LINE)).toHaveLength(1);
  });
});

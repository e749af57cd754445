// Bounded ingestion: past the bodies or bytes in flight, POST /api/v2/logs answers 503 with
// Retry-After before reading the body, and what it accepted, sent again or not, is delivered once.
// An app of its own: holding its ingestion room would refuse the shared app's other tests.
import crypto from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { INGEST_BODIES_IN_FLIGHT_LIMIT, INGEST_BYTES_IN_FLIGHT_LIMIT } from "@/lib/ingest/capacity";
import { startIntakeServer, type IntakeServer } from "@/standins/intake-server";
import { appClient } from "../support/app-client";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";
import { fakeDatadogApiKey } from "../support/fake-key";

const credentials = newCredentials();
let app: AppServer;
let intake: IntakeServer;

beforeAll(async () => {
  intake = await startIntakeServer();
  const database = await createTempDatabase();
  app = await startAppServer({
    DATABASE_URL: database.url,
    DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
    ...credentialEnv(credentials),
  });
});
afterAll(async () => {
  await app?.stop();
  await intake?.close();
});

type Answer = {
  status: number;
  retryAfter: string | undefined;
  json: { statusCode?: number; errorCode?: string; message?: string; accepted?: number };
};

/**
 * A POST whose headers go at once and whose body only when `send` is called: until then it holds its room in the app.
 * From `localAddress`, one of 127.0.0.0/8: each address may hold only a share of the room.
 */
function openPost(body: Buffer, localAddress = "127.0.0.1") {
  const request = http.request(`${app.baseUrl}/api/v2/logs`, {
    method: "POST",
    agent: false,
    localAddress,
    headers: {
      authorization: `Bearer ${credentials.ingestToken}`,
      "content-type": "application/json",
      "content-length": body.byteLength,
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, retryAfter: response.headers["retry-after"], json: JSON.parse(text) }),
      );
    });
    request.on("error", reject);
  });
  request.flushHeaders();
  return { answer, send: () => request.end(body), abort: () => request.destroy() };
}

/** Opens `count` POSTs at once, each from an address of its own; exactly the one past the limit must be answered, with its body unsent. */
async function expectOneRefusedUnread(bodies: Buffer[]) {
  const posts = bodies.map((body, index) => openPost(body, `127.0.1.${index + 1}`));
  const first = await Promise.race(posts.map(async (post, index) => ({ index, answer: await post.answer })));
  expect(first.answer.status).toBe(503);
  expect(Number(first.answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(first.answer.json).toMatchObject({
    statusCode: 503,
    error: "Service Unavailable",
    errorCode: "service_unavailable",
  });
  expect(first.answer.json.message).toMatch(/send this body again/);
  return { held: posts.filter((_, index) => index !== first.index), refused: bodies[first.index]! };
}

async function createStream(apiKey: string) {
  const created = await appClient(app.baseUrl, credentials).createStream({
    name: `overload ${apiKey}`,
    type: "datadog",
    sink: { datadogApiKey: apiKey, datadogRegion: "us" },
  });
  expect(created.status).toBe(200);
}

/** `count` Auth0-like events of ~1.3 KB each, their log_ids unique and of one width. */
function events(count: number) {
  const prefix = crypto.randomBytes(6).toString("hex");
  return Array.from({ length: count }, (_, i) => {
    const logId = `${prefix}-${String(i).padStart(6, "0")}`;
    return {
      log_id: logId,
      data: { type: "s", log_id: logId, description: "Successful login", details: { padding: "x".repeat(1_200) } },
    };
  });
}

describe("POST /api/v2/logs under overload", () => {
  it("refuses the body past the bytes in flight with 503 before reading it; after a retry everything is delivered once", async () => {
    const apiKey = fakeDatadogApiKey();
    await createStream(apiKey);
    // Bodies of one size (same event count, log_ids of one width), ~4.4 MB each: as many as fit, and one more.
    const body = () => Buffer.from(JSON.stringify(events(3_300)));
    const first = body();
    const admitted = Math.floor(INGEST_BYTES_IN_FLIGHT_LIMIT / first.byteLength);
    expect(admitted).toBeLessThan(INGEST_BODIES_IN_FLIGHT_LIMIT);
    const bodies = [first, ...Array.from({ length: admitted }, body)];
    const { held, refused } = await expectOneRefusedUnread(bodies);
    for (const post of held) post.send();
    const answers = await Promise.all(held.map((post) => post.answer));
    expect(answers.map((a) => a.status)).toEqual(held.map(() => 202));
    const retried = openPost(refused);
    retried.send();
    expect((await retried.answer).status).toBe(202);

    const expected = bodies.flatMap((body) =>
      (JSON.parse(body.toString()) as { log_id: string }[]).map((e) => e.log_id),
    );
    await vi.waitFor(() => expect(intake.stats(apiKey).items).toBeGreaterThanOrEqual(expected.length), {
      timeout: 30_000,
      interval: 200,
    });
    const delivered = intake.received(apiKey).map((item) => item.log_id);
    expect(delivered).toHaveLength(expected.length);
    expect(new Set(delivered)).toEqual(new Set(expected));
  });

  it("refuses the body past the bodies in flight, and a sender that hangs up gives its room back", async () => {
    const smallBody = () => Buffer.from(JSON.stringify(events(1)));
    const { held, refused } = await expectOneRefusedUnread(
      Array.from({ length: INGEST_BODIES_IN_FLIGHT_LIMIT + 1 }, smallBody),
    );
    for (const post of held) {
      post.answer.catch(() => {}); // hung up: no answer comes
      post.abort();
    }
    // Once the app has seen them go, there is room again, for the refused body too.
    await vi.waitFor(
      async () => {
        const retried = openPost(refused);
        retried.send();
        expect((await retried.answer).status).toBe(202);
      },
      { timeout: 10_000, interval: 200 },
    );
    // A body cut off by its sender is that sender's fault, not an error of the app's.
    expect(app.output()).not.toMatch(/unhandled API error/);
  });
});

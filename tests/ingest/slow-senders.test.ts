// Slow senders: a body must arrive within its deadline or is answered 408 and its room given back,
// and one client address holds only its share of the room. Real sockets, each test address one of
// 127.0.0.0/8. An app of its own: these tests hold its ingestion room on purpose.
import crypto from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  INGEST_BODIES_IN_FLIGHT_LIMIT,
  INGEST_BODIES_PER_CLIENT_LIMIT,
  ingestReadDeadlineMs,
} from "@/lib/ingest/capacity";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";
import { countStoredEvents } from "../support/inspect-db";

const MiB = 1024 * 1024;
const credentials = newCredentials();
let app: AppServer;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = (await createTempDatabase()).url;
  app = await startAppServer({ DATABASE_URL: databaseUrl, ...credentialEnv(credentials) });
});
afterAll(async () => {
  await app?.stop();
});

type Answer = {
  status: number;
  retryAfter: string | undefined;
  json: { errorCode?: string; message?: string; accepted?: number };
  afterMs: number;
};

/** A POST from `localAddress` declaring `declaredBytes`, whose body goes only as the test writes it. */
function openPost(localAddress: string, declaredBytes: number) {
  const openedAt = Date.now();
  const request = http.request(`${app.baseUrl}/api/v2/logs`, {
    method: "POST",
    agent: false,
    localAddress,
    headers: {
      authorization: `Bearer ${credentials.ingestToken}`,
      "content-type": "application/json",
      "content-length": declaredBytes,
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode!,
          retryAfter: response.headers["retry-after"],
          json: JSON.parse(text),
          afterMs: Date.now() - openedAt,
        }),
      );
    });
    request.on("error", reject);
  });
  request.flushHeaders();
  let answered: Answer | undefined;
  void answer.then((a) => (answered = a)).catch(() => {});
  return { request, answer, answered: () => answered };
}

/** Writes `body` in `chunkBytes` pieces, one every `everyMs`: a sender on a slow link. */
function trickle(post: ReturnType<typeof openPost>, body: Buffer, chunkBytes: number, everyMs: number) {
  let sent = 0;
  const timer = setInterval(() => {
    if (post.request.destroyed || sent >= body.byteLength) return clearInterval(timer);
    const chunk = body.subarray(sent, sent + chunkBytes);
    sent += chunk.byteLength;
    if (sent >= body.byteLength) post.request.end(chunk);
    else post.request.write(chunk);
  }, everyMs);
  return () => clearInterval(timer);
}

/** A JSON array of events about `bytes` long (at most), their log_ids unique. */
function eventsBody(bytes: number) {
  const prefix = crypto.randomBytes(6).toString("hex");
  const logIds: string[] = [];
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes - 2_000; i++) {
    const logId = `${prefix}-${i}`;
    const part = JSON.stringify({
      log_id: logId,
      data: { type: "s", description: "Successful login", details: { padding: "x".repeat(1_200) } },
    });
    logIds.push(logId);
    parts.push(part);
    size += part.length + 1;
  }
  return { logIds, body: Buffer.from(`[${parts.join(",")}]`) };
}

describe("POST /api/v2/logs from slow senders", () => {
  it("lets others in while one address trickles bodies of 5 MiB, 5 MiB and 1 MiB; a 5 MB body at ~1 MB/s gets 202", async () => {
    const slow = [5 * MiB, 5 * MiB, 1 * MiB].map((bytes) => openPost("127.0.0.2", bytes));
    const stopTrickling = slow.map((post) => trickle(post, Buffer.alloc(MiB, " "), 1, 1_000));
    // Beyond its share the slow address is refused at once: one of its 5 MiB bodies.
    await vi.waitFor(() => expect(slow.filter((post) => post.answered()?.status === 503)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });

    const small = eventsBody(10_000);
    const smallPost = openPost("127.0.0.3", small.body.byteLength);
    smallPost.request.end(small.body);
    const large = eventsBody(5_000_000);
    const largePost = openPost("127.0.0.4", large.body.byteLength);
    trickle(largePost, large.body, 100_000, 100);
    expect(await smallPost.answer).toMatchObject({ status: 202, json: { accepted: small.logIds.length } });
    expect(await largePost.answer).toMatchObject({ status: 202, json: { accepted: large.logIds.length } });
    expect(await countStoredEvents(databaseUrl, [...small.logIds, ...large.logIds])).toBe(
      small.logIds.length + large.logIds.length,
    );

    stopTrickling.forEach((stop) => stop());
    slow.forEach((post) => post.request.destroy());
  });

  it("answers stalled bodies 408 within their deadline and gives their room back; a stalled address cannot fill the body count", async () => {
    const declared = 200;
    const stalled = Array.from({ length: INGEST_BODIES_IN_FLIGHT_LIMIT }, () => openPost("127.0.0.5", declared));
    for (const post of stalled) post.request.write("[{");
    // Only the address's share is taken: the rest is refused at once, and another address gets in.
    await vi.waitFor(
      () =>
        expect(stalled.filter((post) => post.answered()?.status === 503)).toHaveLength(
          INGEST_BODIES_IN_FLIGHT_LIMIT - INGEST_BODIES_PER_CLIENT_LIMIT,
        ),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    const other = eventsBody(10_000);
    const otherPost = openPost("127.0.0.6", other.body.byteLength);
    otherPost.request.end(other.body);
    expect((await otherPost.answer).status).toBe(202);

    const held = stalled.filter((post) => post.answered()?.status !== 503);
    const answers = await Promise.all(held.map((post) => post.answer));
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 408, json: { errorCode: "request_timeout" } });
      // Within its deadline, and a few seconds' slack for a busy machine.
      expect(answer.afterMs).toBeLessThan(ingestReadDeadlineMs(declared) + 5_000);
    }
    const again = eventsBody(10_000);
    const againPost = openPost("127.0.0.5", again.body.byteLength);
    againPost.request.end(again.body);
    expect((await againPost.answer).status).toBe(202);
    stalled.forEach((post) => post.request.destroy());
    expect(app.output()).not.toMatch(/unhandled API error/);
  }, 60_000);
});

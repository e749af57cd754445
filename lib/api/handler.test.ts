import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";

const token = () => crypto.randomBytes(24).toString("base64url");
const TOKENS = { LOGSTREAMS_API_TOKEN: token(), LOGSTREAMS_INGEST_TOKEN: token(), LOGSTREAMS_METRICS_TOKEN: token() };
let handler: typeof import("./handler");
let actor: typeof import("@/lib/audit/actor");

beforeAll(async () => {
  Object.assign(process.env, TOKENS);
  handler = await import("./handler");
  actor = await import("@/lib/audit/actor");
});

/** Calls a wrapped route with `bearer` from `address`; it answers the actor it ran as. */
async function actorOfCall(
  wrap: (route: (request: Request) => Promise<Response>) => ReturnType<typeof handler.withIngestToken>,
  bearer: string,
  address: string,
) {
  const route = wrap(async () => Response.json(actor.currentActor()));
  const request = new Request("http://127.0.0.1/route", {
    headers: { authorization: `Bearer ${bearer}`, "x-logstreams-socket-address": address },
  });
  return (await route(request, { params: Promise.resolve({}) })).json();
}

describe("the token route wrappers", () => {
  it("run the handler as the environment token that called, from the client's address", async () => {
    expect(
      await actorOfCall(
        (route) => handler.withApiToken(route, { scope: "delete:log_streams" }),
        TOKENS.LOGSTREAMS_API_TOKEN,
        "192.0.2.7",
      ),
    ).toEqual({
      kind: "token",
      name: "LOGSTREAMS_API_TOKEN",
      address: "192.0.2.7",
    });
    expect(await actorOfCall(handler.withIngestToken, TOKENS.LOGSTREAMS_INGEST_TOKEN, "192.0.2.8")).toEqual({
      kind: "token",
      name: "LOGSTREAMS_INGEST_TOKEN",
      address: "192.0.2.8",
    });
    expect(await actorOfCall(handler.withMetricsToken, TOKENS.LOGSTREAMS_METRICS_TOKEN, "192.0.2.9")).toEqual({
      kind: "token",
      name: "LOGSTREAMS_METRICS_TOKEN",
      address: "192.0.2.9",
    });
    expect(await actorOfCall(handler.withMetricsToken, TOKENS.LOGSTREAMS_API_TOKEN, "192.0.2.9")).toMatchObject({
      name: "LOGSTREAMS_API_TOKEN",
    });
  });

  it("leave no actor behind once the request is answered", () => {
    expect(actor.currentActor()).toEqual(actor.SYSTEM_ACTOR);
  });
});

/** A request whose body arrives in `chunks`, with `contentLength` as its Content-Length header when given. */
function streamedRequest(chunks: string[], contentLength?: number): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  const headers = contentLength === undefined ? {} : { "content-length": String(contentLength) };
  return new Request("http://127.0.0.1/route", { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

describe("readBodyBytes", () => {
  it("reads a body with a Content-Length into one buffer that owns its memory (handed to a thread without a copy)", async () => {
    const body = await handler.readBodyBytes(streamedRequest(["[{", '"a":', "1}]"], 9), 100);
    expect(body.toString()).toBe('[{"a":1}]');
    expect(body.byteOffset).toBe(0);
    expect(body.buffer.byteLength).toBe(body.byteLength);
  });

  it("joins a body without a Content-Length", async () => {
    expect((await handler.readBodyBytes(streamedRequest(["[1,", "2]"]), 100)).toString()).toBe("[1,2]");
  });

  it("refuses (413) a body longer than its Content-Length or the limit", async () => {
    await expect(handler.readBodyBytes(streamedRequest(["[1,2,3]"], 3), 100)).rejects.toMatchObject({
      code: "payload_too_large",
    });
    await expect(handler.readBodyBytes(streamedRequest(["[1,", "2,3]"]), 4)).rejects.toMatchObject({
      code: "payload_too_large",
    });
  });
});

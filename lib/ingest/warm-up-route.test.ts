import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/tests/support/app-server";
import { warmUpIngestRoute } from "./warm-up-route";

describe("warmUpIngestRoute", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("sends the ingestion route one request without a token, once the server listens", async () => {
    const port = await freePort();
    const requests: { method?: string; url?: string; hasAuthorization: boolean; body: string }[] = [];
    server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        requests.push({
          method: request.method,
          url: request.url,
          hasAuthorization: "authorization" in request.headers,
          body,
        });
        response.writeHead(401, { "content-type": "application/json" }).end('{"statusCode":401}');
      });
    });

    const warming = warmUpIngestRoute(port); // before the server listens, as at start-up
    server.listen(port, "127.0.0.1");
    await warming;

    expect(requests).toEqual([{ method: "POST", url: "/api/v2/logs", hasAuthorization: false, body: "" }]);
  });
});

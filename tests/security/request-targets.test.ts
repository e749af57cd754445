import net from "node:net";
import { describe, expect, inject, it } from "vitest";

/** Sends `requestLine` as is and resolves with the answer's status line ("" when the connection closed without one). */
function rawRequest(baseUrl: string, requestLine: string, headers: string[] = []): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(
        `${[requestLine, `Host: ${hostname}:${port}`, ...headers, "Connection: close"].join("\r\n")}\r\n\r\n`,
      ),
    );
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("end", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

// The worker's metrics port has its own (tests/health/metrics.test.ts).
describe("request targets that are no URL", () => {
  it("get an answer below 500 from the app, which keeps serving", async () => {
    const appUrl = inject("appUrl");
    const auth = [`Authorization: Bearer ${inject("apiToken")}`];
    const lines = [
      "GET //[ HTTP/1.1",
      "GET http://[ HTTP/1.1",
      "GET //[/api/v2/log-streams HTTP/1.1",
      "GET /api/v2/log-streams/lst_x/failures?%[ HTTP/1.1",
      "GET /login?next=//[ HTTP/1.1",
      "POST /api/v2/logs?%[ HTTP/1.1",
    ];
    for (const line of lines) {
      const status = await rawRequest(appUrl, line, auth);
      expect(status, line).toMatch(/^HTTP\/1\.1 [1-4]\d\d /);
    }
    expect((await fetch(`${appUrl}/healthz`)).status).toBe(200);
  });
});

describe("paths that are not valid percent-encoding", () => {
  it("are answered 400, an Auth0 error body on the API, with a session cookie or without", async () => {
    const appUrl = inject("appUrl");
    const auth = [`Authorization: Bearer ${inject("apiToken")}`];
    const cookie = ["Cookie: ls_session=made-up"];
    const answers = [
      await fetch(`${appUrl}/api/v2/log-streams/%E0%A4%A`, {
        headers: { authorization: `Bearer ${inject("apiToken")}` },
      }),
      await fetch(`${appUrl}/api/v2/log-streams/%ZZ/failures`, {
        headers: { authorization: `Bearer ${inject("apiToken")}` },
      }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ statusCode: 400, errorCode: "invalid_uri" });
    }
    for (const line of ["GET /log-streams/%E0%A4%A/settings HTTP/1.1", "GET /log-streams/%/health HTTP/1.1"]) {
      expect(await rawRequest(appUrl, line, cookie), line).toMatch(/^HTTP\/1\.1 400 /);
      expect(await rawRequest(appUrl, line, auth), line).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect((await fetch(`${appUrl}/healthz`)).status).toBe(200);
  });
});

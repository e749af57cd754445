import net from "node:net";
import { describe, expect, it } from "vitest";
import { startAuth0Standin } from "./auth0-standin";
import { startIntakeServer } from "./intake-server";

/** Sends `requestLine` as is and resolves with the answer's status line ("" when the connection closed without one). */
function rawRequest(baseUrl: string, requestLine: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(`${requestLine}\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`),
    );
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("end", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

describe("the loopback stand-ins", () => {
  it("answer 400 to a request target that is no URL, and keep serving", async () => {
    const intake = await startIntakeServer();
    const auth0 = await startAuth0Standin();
    try {
      for (const baseUrl of [intake.baseUrl, auth0.baseUrl]) {
        expect(await rawRequest(baseUrl, "GET //[ HTTP/1.1")).toBe("HTTP/1.1 400 Bad Request");
        expect(await rawRequest(baseUrl, "GET /nothing-here HTTP/1.1")).toBe("HTTP/1.1 404 Not Found");
      }
    } finally {
      await Promise.all([intake.close(), auth0.close()]);
    }
  });
});

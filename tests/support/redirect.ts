import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function listen(handler: Handler) {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback server that records every request and answers 200 with what Datadog's key check, a webhook and Auth0's token endpoint all accept. */
export function startRecordingServer() {
  return listen((_req, res) =>
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ valid: true, access_token: "token-from-the-target", expires_in: 3600 })),
  );
}

/**
 * A server that answers every request with `status` (307: "send this request there again")
 * pointing at a recording server, the same path kept. With redirects never followed, the target
 * records nothing.
 */
export async function startRedirectingServer(status = 307) {
  const target = await startRecordingServer();
  const redirecting = await listen((req, res) =>
    res.writeHead(status, { location: `${target.url}${req.url ?? "/"}` }).end(),
  );
  return {
    url: redirecting.url,
    requests: redirecting.requests,
    target,
    close: () => Promise.all([redirecting.close(), target.close()]).then(() => undefined),
  };
}

import http from "node:http";
import type { AddressInfo } from "node:net";
import { retryAfterHeader, takeFault, type StandinFault } from "./fault";

/**
 * A loopback stand-in for a Custom Webhook's receiver (any HTTP endpoint taking Auth0's events):
 * each path (e.g. `/hook/<stream>`) is its own receiver. It records every body as it came, parses
 * it by its framing (a JSON array, JSON Lines, or one JSON object), checks the Authorization header
 * when told to, and can be told to misbehave per path. For the tests and `npm run` dev tools.
 */

/** `status` e.g. 500, 503, 429, 413, 400, 401. */
export type WebhookFault = StandinFault & {
  /** Answer 413 to bodies with more than this many events (to exercise splitting) */
  maxEvents?: number;
  /** Never answer (the client must time out) */
  hang?: boolean;
  /** Repeat the request's Authorization in the error answer, as some receivers do */
  echoAuthorization?: boolean;
};

export type WebhookEvent = { log_id: string; data: Record<string, unknown> };

export type WebhookRequest = {
  path: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  format: "JSONARRAY" | "JSONLINES" | "JSONOBJECT" | "unparsable";
  events: WebhookEvent[];
};

export type WebhookReceiver = {
  baseUrl: string;
  /** The URL of a receiver of its own (a fresh path). */
  urlFor(path: string): string;
  setFault(path: string, fault: WebhookFault | null): void;
  /** Authorization a path requires (401 otherwise); null accepts any. */
  requireAuthorization(path: string, value: string | null): void;
  /** Requests that reached the path, answered or not. */
  requests(path: string): WebhookRequest[];
  /** Events of the path's accepted (2xx) requests, in order. */
  received(path: string): WebhookEvent[];
  close(): Promise<void>;
};

/** How a body was framed, and its events; "unparsable" when it is none of the three. */
export function parseWebhookBody(body: string): Pick<WebhookRequest, "format" | "events"> {
  const text = body.trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed)) return { format: "JSONARRAY", events: parsed as WebhookEvent[] };
    return { format: "JSONOBJECT", events: [parsed as WebhookEvent] };
  } catch {
    try {
      return { format: "JSONLINES", events: text.split("\n").map((line) => JSON.parse(line) as WebhookEvent) };
    } catch {
      return { format: "unparsable", events: [] };
    }
  }
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const faults = new Map<string, WebhookFault>();
  const authorizations = new Map<string, string>();
  const log: WebhookRequest[] = [];
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      const body = Buffer.concat(chunks).toString("utf8");
      const { format, events } = parseWebhookBody(body);
      const record: WebhookRequest = { path, status: 0, headers: req.headers, body, format, events };
      log.push(record);
      const answer = (status: number, text = "", headers: Record<string, string> = {}) => {
        record.status = status;
        res.writeHead(status, { "Content-Type": "text/plain", ...headers }).end(text);
      };
      if (req.method !== "POST") return answer(405, "POST only");
      const required = authorizations.get(path);
      if (required !== undefined && req.headers.authorization !== required) return answer(401, "Unauthorized");
      const fault = takeFault(faults, path);
      if (fault) {
        if (fault.hang) {
          hanging.add(res);
          return;
        }
        if (fault.maxEvents !== undefined && events.length > fault.maxEvents) return answer(413, "Payload too large");
        if (fault.status !== undefined) {
          const text = fault.echoAuthorization
            ? `refused: ${req.headers.authorization ?? ""}`
            : `fault ${fault.status}`;
          return answer(fault.status, text, retryAfterHeader(fault));
        }
      }
      if (format === "unparsable") return answer(400, "Body is not JSON, JSON Lines or a JSON object");
      answer(200, "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    urlFor: (path) => `${baseUrl}${path}`,
    setFault: (path, fault) => (fault ? faults.set(path, { ...fault }) : faults.delete(path)),
    requireAuthorization: (path, value) =>
      value === null ? authorizations.delete(path) : authorizations.set(path, value),
    requests: (path) => log.filter((request) => request.path === path),
    received: (path) =>
      log
        .filter((request) => request.path === path && request.status >= 200 && request.status < 300)
        .flatMap((request) => request.events),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

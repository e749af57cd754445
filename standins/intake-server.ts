import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/**
 * A loopback stand-in for Datadog's HTTP log intake (`POST /api/v2/logs`). It checks what
 * Datadog checks (gzip, DD-API-KEY, payload and item limits) plus this project's contract
 * (ddsource/service "auth0", a message), records what arrives per API key, and can be told to
 * misbehave per API key. It also answers Datadog's key check (`GET /api/v1/validate`) with the same
 * per-key faults: a 403 fault makes the key invalid, a 5xx or `hang` makes Datadog look down.
 * Used by `npm run intake:dev`, the tests and the benchmarks.
 */

/** Datadog's limits: 5 MB uncompressed payload, 1000 items, 1 MB per log. */
export const INTAKE_MAX_PAYLOAD_BYTES = 5_000_000;
export const INTAKE_MAX_ITEMS = 1000;
export const INTAKE_MAX_ITEM_BYTES = 1_000_000;

export type Fault = {
  /** HTTP status to answer with (e.g. 500, 503, 429, 413, 400, 403) */
  status?: number;
  /** Retry-After header value in seconds, with 429/503 */
  retryAfter?: number;
  /** Never answer (the client must time out) */
  hang?: boolean;
  /** Answer only after this many ms, like an intake far away (requests are still handled side by side) */
  delayMs?: number;
  /** Answer 413 to bodies with more than this many items (to exercise splitting) */
  maxItems?: number;
  /** Repeat the request's DD-API-KEY in the error answer, as some intakes and proxies do */
  echoApiKey?: boolean;
  /** Answer (with `status`, 400 when absent) a streamed body of this many bytes, to check the client stops reading */
  answerBytes?: number;
  /** Apply to this many requests, then behave again; unlimited when absent */
  times?: number;
};

export type ReceivedItem = { log_id: string; data: Record<string, unknown>; message: string; [key: string]: unknown };

export type RequestRecord = {
  apiKey: string;
  site: string;
  status: number;
  itemCount: number;
  at: number;
  /** With the answerBytes fault: how much of the answer was written before the client closed the connection (or all of it) */
  answerBytesSent?: number;
};

export type IntakeOptions = {
  port?: number;
  keepItems?: boolean;
  onRequest?: (record: RequestRecord, items: ReceivedItem[]) => void;
};

export type IntakeStats = { items: number; requests: number; lastAt: number | null };

export type IntakeServer = {
  port: number;
  baseUrl: string;
  /** For DATADOG_INTAKE_URL_TEMPLATE */
  urlTemplate: string;
  /** For DATADOG_API_URL_TEMPLATE (the key check) */
  apiUrlTemplate: string;
  /** How many key checks arrived for the key */
  keyChecks(apiKey: string): number;
  setFault(apiKey: string, fault: Fault | null): void;
  received(apiKey: string): ReceivedItem[];
  /** Counts only, cheap to poll: accepted items and requests for the key, and when the last item arrived. */
  stats(apiKey: string): IntakeStats;
  requests(apiKey?: string): RequestRecord[];
  reset(): void;
  close(): Promise<void>;
};

const ANY_KEY = "*";

export async function startIntakeServer(options: IntakeOptions = {}): Promise<IntakeServer> {
  const keepItems = options.keepItems ?? true;
  const faults = new Map<string, Fault>();
  const items = new Map<string, ReceivedItem[]>();
  const requestLog: RequestRecord[] = [];
  const hanging = new Set<http.ServerResponse>();
  const keyCheckCounts = new Map<string, number>();

  function takeFault(apiKey: string): Fault | undefined {
    const key = faults.has(apiKey) ? apiKey : faults.has(ANY_KEY) ? ANY_KEY : undefined;
    if (key === undefined) return undefined;
    const fault = faults.get(key)!;
    if (fault.times !== undefined) {
      if (fault.times <= 1) faults.delete(key);
      else faults.set(key, { ...fault, times: fault.times - 1 });
    }
    return fault;
  }

  function answer(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  async function handleLogs(req: http.IncomingMessage, res: http.ServerResponse, site: string, raw: Buffer) {
    const apiKey = String(req.headers["dd-api-key"] ?? "");
    const record = (status: number, itemCount = 0) => {
      const entry = { apiKey, site, status, itemCount, at: Date.now() };
      requestLog.push(entry);
      return entry;
    };
    const reject = (status: number, message: string, headers?: Record<string, string>) => {
      record(status);
      answer(res, status, { errors: [{ status: String(status), title: message, detail: message }] }, headers);
    };

    if (!apiKey) return reject(403, "Forbidden: missing DD-API-KEY");
    const fault = takeFault(apiKey);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.hang) {
      record(0);
      hanging.add(res);
      return;
    }
    const echo = fault?.echoApiKey ? ` (DD-API-KEY: ${apiKey})` : "";
    if (fault?.answerBytes !== undefined) {
      const status = fault.status ?? 400;
      return streamLargeAnswer(res, record(status), status, `Injected large answer${echo} `, fault.answerBytes);
    }
    if (fault?.status) {
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
      return reject(fault.status, `Injected fault ${fault.status}${echo}`, headers);
    }
    if (req.headers["content-encoding"] !== "gzip") return reject(400, "Expected Content-Encoding: gzip");
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json"))
      return reject(400, "Expected Content-Type: application/json");
    let body: Buffer;
    try {
      body = zlib.gunzipSync(raw);
    } catch {
      return reject(400, "Body is not valid gzip");
    }
    if (body.byteLength > INTAKE_MAX_PAYLOAD_BYTES) return reject(413, "Payload too large");
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return reject(400, "Body is not valid JSON");
    }
    if (!Array.isArray(parsed)) return reject(400, "Body must be a JSON array");
    if (parsed.length > INTAKE_MAX_ITEMS) return reject(413, `More than ${INTAKE_MAX_ITEMS} items`);
    if (fault?.maxItems !== undefined && parsed.length > fault.maxItems)
      return reject(413, "Payload too large (injected)");
    for (const [index, item] of parsed.entries()) {
      const problem = checkItem(item);
      if (problem) return reject(400, `Item ${index}: ${problem}`);
    }
    record(202, parsed.length);
    const list = items.get(apiKey) ?? [];
    // Without keepItems only the log_id and its arrival time are kept (benchmarks send millions).
    const at = Date.now();
    for (const item of parsed as ReceivedItem[])
      list.push(keepItems ? item : ({ log_id: item.log_id, at } as unknown as ReceivedItem));
    items.set(apiKey, list);
    options.onRequest?.(requestLog.at(-1)!, parsed as ReceivedItem[]);
    answer(res, 202, {});
  }

  /** Datadog's `GET /api/v1/validate`: 200 `{"valid":true}`, or 403 `{"errors":["Forbidden"]}` for a bad key. */
  async function handleValidate(req: http.IncomingMessage, res: http.ServerResponse) {
    const apiKey = String(req.headers["dd-api-key"] ?? "");
    keyCheckCounts.set(apiKey, (keyCheckCounts.get(apiKey) ?? 0) + 1);
    if (!apiKey) return answer(res, 403, { errors: ["Forbidden"] });
    const fault = takeFault(apiKey);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.hang) return void hanging.add(res);
    if (fault?.status)
      return answer(res, fault.status, {
        errors: [fault.status === 403 ? "Forbidden" : `Injected fault ${fault.status}`],
      });
    answer(res, 200, { valid: true });
  }

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: Buffer) {
    const apiKey = url.searchParams.get("apiKey") ?? ANY_KEY;
    if (url.pathname === "/__intake/fault" && req.method === "POST") {
      const fault = JSON.parse(raw.toString("utf8") || "null") as Fault | null;
      api.setFault(apiKey, fault);
      return answer(res, 200, { ok: true });
    }
    if (url.pathname === "/__intake/received" && req.method === "GET") {
      return answer(res, 200, { items: api.received(apiKey), requests: api.requests(apiKey) });
    }
    if (url.pathname === "/__intake/stats" && req.method === "GET") {
      return answer(res, 200, api.stats(apiKey));
    }
    if (url.pathname === "/__intake/reset" && req.method === "POST") {
      api.reset();
      return answer(res, 200, { ok: true });
    }
    answer(res, 404, { error: "unknown control route" });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      // A target that is no URL (`GET //[`) would throw here, outside any catch, and end the stand-in.
      if (!URL.canParse(req.url ?? "/", "http://intake")) return answer(res, 400, { errors: ["Bad request target"] });
      const url = new URL(req.url ?? "/", "http://intake");
      const logsPath = url.pathname.match(/^\/([^/]+)\/api\/v2\/logs$/);
      const work =
        logsPath && req.method === "POST"
          ? handleLogs(req, res, logsPath[1]!, raw)
          : /^\/[^/]+\/api\/v1\/validate$/.test(url.pathname) && req.method === "GET"
            ? handleValidate(req, res)
            : url.pathname.startsWith("/__intake/")
              ? handleControl(req, res, url, raw)
              : Promise.resolve(answer(res, 404, { errors: ["Not found"] }));
      work.catch((error: unknown) => answer(res, 500, { errors: [String(error)] }));
    });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const api: IntakeServer = {
    port,
    baseUrl,
    urlTemplate: `${baseUrl}/{site}/api/v2/logs`,
    apiUrlTemplate: `${baseUrl}/{site}`,
    keyChecks: (apiKey) => keyCheckCounts.get(apiKey) ?? 0,
    setFault(apiKey, fault) {
      if (fault) faults.set(apiKey, fault);
      else faults.delete(apiKey);
    },
    received: (apiKey) => items.get(apiKey) ?? [],
    stats(apiKey) {
      const accepted = requestLog.filter((r) => r.apiKey === apiKey && r.status === 202);
      return {
        items: items.get(apiKey)?.length ?? 0,
        requests: requestLog.filter((r) => r.apiKey === apiKey).length,
        lastAt: accepted.at(-1)?.at ?? null,
      };
    },
    requests: (apiKey) =>
      apiKey && apiKey !== ANY_KEY ? requestLog.filter((r) => r.apiKey === apiKey) : [...requestLog],
    reset() {
      faults.clear();
      items.clear();
      keyCheckCounts.clear();
      requestLog.length = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

const FILLER = Buffer.alloc(64 * 1024, "x");

/** Writes `prefix` and filler up to `totalBytes` as the client reads, stopping when it closes the connection. */
function streamLargeAnswer(
  res: http.ServerResponse,
  entry: RequestRecord,
  status: number,
  prefix: string,
  totalBytes: number,
) {
  res.writeHead(status, { "content-type": "text/plain" });
  let sent = 0;
  const write = (chunk: Buffer | string) => {
    sent += Buffer.byteLength(chunk);
    return res.write(chunk);
  };
  const pump = () => {
    while (sent < totalBytes) {
      if (!write(FILLER.subarray(0, Math.min(FILLER.length, totalBytes - sent)))) return void res.once("drain", pump);
    }
    res.end();
  };
  res.once("close", () => (entry.answerBytesSent = sent));
  write(prefix);
  pump();
}

function checkItem(item: unknown): string | undefined {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return "not an object";
  const record = item as Record<string, unknown>;
  if (Buffer.byteLength(JSON.stringify(record)) > INTAKE_MAX_ITEM_BYTES) return "log larger than 1 MB";
  if (record.ddsource !== "auth0") return "ddsource must be 'auth0'";
  if (record.service !== "auth0") return "service must be 'auth0'";
  if (typeof record.message !== "string" || record.message.length === 0) return "message must be a non-empty string";
  if (typeof record.log_id !== "string") return "log_id missing";
  if (typeof record.data !== "object" || record.data === null) return "data missing";
  return undefined;
}

import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for an Auth0 tenant's log API: `POST /oauth/token` (client credentials,
 * tokens that expire), `GET /api/v2/logs` by checkpoint (`from`, `take` ≤ 100, log_id order) and
 * by search (`sort=date:1`, `per_page`), 429 with Auth0's `x-ratelimit-*` headers, and faults. Logs
 * are appended while it runs (`append`, or `POST /__auth0/logs` with a JSON array). Used by
 * `npm run auth0:dev` and the tests.
 */

export type Auth0StandinOptions = {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** The stand-in's clock (token expiry, rate-limit windows, log dates); tests share theirs with the puller. */
  now?: () => Date;
  /** expires_in of the tokens it issues; a token is refused (401) once that has passed. */
  tokenLifetimeSeconds?: number;
  /** At most this many log requests per window, then 429 until the window ends. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** The scopes its tokens carry (default "read:logs"); without read:logs, listing logs answers 403. */
  scope?: string;
};

export type Auth0Fault = { status: number; times?: number };
export type StandinCounts = {
  tokensIssued: number;
  /** /oauth/token refused: wrong client id or secret. */
  tokenRefusals: number;
  logRequests: number;
  rateLimited: number;
  /** Log requests refused because their token's lifetime had passed. */
  expiredTokenRefusals: number;
  /** Log requests refused because their token was revoked (expireTokens). */
  revokedTokenRefusals: number;
};
export type StandinLog = Record<string, unknown> & { log_id: string; date: string };

export type Auth0Standin = {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Adds logs (log_id, _id and date filled in unless given) and returns them as the API will. */
  append(logs: Record<string, unknown>[]): StandinLog[];
  logs(): StandinLog[];
  counts(): StandinCounts;
  /** The query string of every log request, in order. */
  queries(): string[];
  /** Every token issued so far is refused from now on (as after a revocation or an early expiry). */
  expireTokens(): void;
  /** The next `times` log requests (all, when absent) answer `status`; null heals. */
  setFault(fault: Auth0Fault | null): void;
  close(): Promise<void>;
};

/** log_ids are "900", ten digits of this stand-in's own, then a counter: unique across stand-ins, in order within one. */
const COUNTER_DIGITS = 43;
const MAX_TAKE = 100;

export async function startAuth0Standin(options: Auth0StandinOptions = {}): Promise<Auth0Standin> {
  const now = options.now ?? (() => new Date());
  const clientId = options.clientId ?? "standin-client-id";
  const clientSecret = options.clientSecret ?? "standin-client-secret";
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 86_400;
  const scope = options.scope ?? "read:logs";
  const stored: StandinLog[] = [];
  const tokens = new Map<string, number>();
  const queries: string[] = [];
  const revoked = new Set<string>();
  const counts: StandinCounts = {
    tokensIssued: 0,
    tokenRefusals: 0,
    logRequests: 0,
    rateLimited: 0,
    expiredTokenRefusals: 0,
    revokedTokenRefusals: 0,
  };
  const window = { start: 0, used: 0 };
  let fault: Auth0Fault | null = null;
  let nextNumber = 1;
  const instanceDigits = String(crypto.randomInt(1e9, 1e10));
  let baseUrl = "";

  function answer(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  function issueToken(res: http.ServerResponse, raw: string, contentType: string) {
    const body: Record<string, unknown> = contentType.includes("application/x-www-form-urlencoded")
      ? Object.fromEntries(new URLSearchParams(raw))
      : (JSON.parse(raw || "{}") as Record<string, unknown>);
    if (body.grant_type !== "client_credentials")
      return answer(res, 403, { error: "unsupported_grant_type", error_description: "Unsupported grant type" });
    if (body.client_id !== clientId || body.client_secret !== clientSecret) {
      counts.tokenRefusals += 1;
      return answer(res, 401, { error: "access_denied", error_description: "Unauthorized" });
    }
    if (body.audience !== `${baseUrl}/api/v2/`)
      return answer(res, 403, {
        error: "access_denied",
        error_description: `Service not enabled within domain: ${String(body.audience)}`,
      });
    const token = crypto.randomBytes(24).toString("base64url");
    tokens.set(token, now().getTime() + lifetimeSeconds * 1000);
    counts.tokensIssued += 1;
    answer(res, 200, { access_token: token, scope, expires_in: lifetimeSeconds, token_type: "Bearer" });
  }

  /** Auth0's rate-limit headers; false (and a 429 sent) once the window's requests are used up. */
  function withinRateLimit(res: http.ServerResponse): Record<string, string> | false {
    if (!options.rateLimit) return {};
    const { limit, windowSeconds } = options.rateLimit;
    const nowSeconds = Math.floor(now().getTime() / 1000);
    const start = nowSeconds - (nowSeconds % windowSeconds);
    if (start !== window.start) Object.assign(window, { start, used: 0 });
    const headers = { "x-ratelimit-limit": String(limit), "x-ratelimit-reset": String(start + windowSeconds) };
    if (window.used >= limit) {
      counts.rateLimited += 1;
      answer(
        res,
        429,
        {
          statusCode: 429,
          error: "Too Many Requests",
          message: "Global limit has been reached",
          errorCode: "too_many_requests",
        },
        { ...headers, "x-ratelimit-remaining": "0" },
      );
      return false;
    }
    window.used += 1;
    return { ...headers, "x-ratelimit-remaining": String(limit - window.used) };
  }

  function listLogs(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    counts.logRequests += 1;
    queries.push(url.search.slice(1));
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    const expiresAt = token ? tokens.get(token) : undefined;
    const isRevoked = token !== undefined && revoked.has(token);
    if (expiresAt === undefined || expiresAt <= now().getTime() || isRevoked) {
      if (isRevoked) counts.revokedTokenRefusals += 1;
      else if (expiresAt !== undefined) counts.expiredTokenRefusals += 1;
      return answer(res, 401, {
        statusCode: 401,
        error: "Unauthorized",
        message: "Expired token received for JSON Web Token validation",
        attributes: { error: "Expired token" },
      });
    }
    const rateHeaders = withinRateLimit(res);
    if (!rateHeaders) return;
    if (!scope.split(" ").includes("read:logs")) {
      return answer(
        res,
        403,
        {
          statusCode: 403,
          error: "Forbidden",
          message: "Insufficient scope, expected any of: read:logs",
          errorCode: "insufficient_scope",
        },
        rateHeaders,
      );
    }
    if (fault) {
      const status = fault.status;
      if (fault.times !== undefined && --fault.times <= 0) fault = null;
      return answer(
        res,
        status,
        { statusCode: status, error: "Injected fault", message: `Injected fault ${status}` },
        rateHeaders,
      );
    }
    const from = url.searchParams.get("from");
    if (from !== null) {
      const take = Math.min(Number(url.searchParams.get("take") ?? 50) || 50, MAX_TAKE);
      // log_ids are fixed-length digit strings: text order is their order.
      return answer(res, 200, stored.filter((log) => log.log_id > from).slice(0, take), rateHeaders);
    }
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 50) || 50, MAX_TAKE);
    const page = Number(url.searchParams.get("page") ?? 0) || 0;
    const ascending = url.searchParams.get("sort") === "date:1";
    const byDate = [...stored].sort((a, b) => (ascending ? 1 : -1) * (Date.parse(a.date) - Date.parse(b.date)));
    answer(res, 200, byDate.slice(page * perPage, (page + 1) * perPage), rateHeaders);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      // A target that is no URL (`GET //[`) would throw here, outside the catch, and end the stand-in.
      if (!URL.canParse(req.url ?? "/", "http://auth0"))
        return answer(res, 400, { statusCode: 400, error: "Bad Request", message: "Bad request target" });
      const url = new URL(req.url ?? "/", "http://auth0");
      try {
        if (url.pathname === "/oauth/token" && req.method === "POST")
          return issueToken(res, raw, String(req.headers["content-type"] ?? ""));
        if (url.pathname === "/api/v2/logs" && req.method === "GET") return listLogs(req, res, url);
        if (url.pathname === "/__auth0/logs" && req.method === "POST")
          return answer(res, 200, api.append(JSON.parse(raw) as Record<string, unknown>[]));
        if (url.pathname === "/__auth0/logs" && req.method === "GET") return answer(res, 200, stored);
        answer(res, 404, { statusCode: 404, error: "Not Found", message: "Not found" });
      } catch (error) {
        answer(res, 400, { statusCode: 400, error: "Bad Request", message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: Auth0Standin = {
    baseUrl,
    clientId,
    clientSecret,
    append(logs) {
      if (!Array.isArray(logs)) throw new Error("expected a JSON array of log objects");
      const added = logs.map((log) => {
        const logId =
          typeof log.log_id === "string"
            ? log.log_id
            : `900${instanceDigits}${String(nextNumber++).padStart(COUNTER_DIGITS, "0")}`;
        return { date: now().toISOString(), ...log, log_id: logId, _id: logId } as StandinLog;
      });
      stored.push(...added);
      return added;
    },
    logs: () => [...stored],
    counts: () => ({ ...counts }),
    queries: () => [...queries],
    expireTokens() {
      for (const token of tokens.keys()) revoked.add(token);
    },
    setFault(next) {
      fault = next ? { ...next } : null;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

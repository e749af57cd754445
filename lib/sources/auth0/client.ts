import { parseRetryAfter } from "@/lib/retry/backoff";
import {
  isRedirect,
  redirectRefused,
  sendRequest,
  type OutgoingAnswer,
  type OutgoingRequest,
} from "@/lib/outgoing/send-request";

/** Auth0's most per checkpoint call. */
export const PAGE_SIZE = 100;
/** Every call to Auth0 gives up after this: a tenant that never answers must not hold the puller. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Auth0's error answers are short; anything past this is cut (stored in the status, shown in the dashboard). */
const MAX_REASON_CHARS = 300;
/** A page of 100 logs is some 100 KB; an answer past this is not Auth0's and is not read further. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/** A token is renewed this long before Auth0 says it expires (a tenth of its life when that is shorter). */
const TOKEN_RENEW_MARGIN_MS = 60_000;

export type Auth0Credentials = { baseUrl: string; clientId: string; clientSecret: string };
export type Auth0Log = Record<string, unknown> & { log_id: string };

/** What a call to Auth0 came to: logs, or why not, as the puller needs to decide its wait. */
export type Auth0Answer =
  | { kind: "logs"; logs: Auth0Log[] }
  /** Credentials or scope refused: no use retrying soon. */
  | { kind: "refused"; where: "token" | "logs"; status: number; reason: string }
  /** 429: wait until `waitMs` from now. */
  | { kind: "rate_limited"; waitMs: number }
  /** 5xx, network error, timeout, or an answer that is not what Auth0 sends. */
  | { kind: "unavailable"; status: number | null; reason: string };

type Token = { value: string; renewAt: number };

const isOk = (status: number) => status >= 200 && status < 300;

/** Auth0's error body (`error_description`, `message`, `error`) or the status alone, cut short, with the secrets masked. */
function reasonOf(status: number, body: string, secrets: string[]): string {
  let detail = "";
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    detail =
      ([parsed.error_description, parsed.message, parsed.error].find((v) => typeof v === "string" && v !== "") as
        string | undefined) ?? "";
  } catch {
    detail = body.trim();
  }
  for (const secret of secrets) if (secret) detail = detail.split(secret).join("••••");
  detail = detail.replace(/\s+/g, " ").slice(0, MAX_REASON_CHARS);
  return detail ? `${status} ${detail}` : String(status);
}

function networkReason(error: unknown): string {
  if ((error as Error).name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return (error as { code?: string }).code ?? (error as Error).message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** 429's wait: x-ratelimit-reset (epoch seconds), else Retry-After, else one second. */
export function rateLimitWaitMs(headers: Headers, now: Date): number {
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now.getTime());
  return parseRetryAfter(headers.get("retry-after"), now) ?? 1_000;
}

/** The token in a 2xx answer of `/oauth/token`, renewed a little before it expires. */
function readToken(answer: OutgoingAnswer, now: Date): Token | Auth0Answer {
  const body = (answer.isCut ? null : parseJson(answer.text)) as {
    access_token?: unknown;
    expires_in?: unknown;
  } | null;
  if (typeof body?.access_token !== "string" || body.access_token === "")
    return { kind: "unavailable", status: answer.status, reason: "/oauth/token answered without an access_token" };
  const lifetimeMs = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in * 1000 : 3_600_000;
  return {
    value: body.access_token,
    renewAt: now.getTime() + lifetimeMs - Math.min(TOKEN_RENEW_MARGIN_MS, lifetimeMs / 10),
  };
}

/** The logs in a 2xx answer of `GET /api/v2/logs`, each with a log_id, or why it is not a page of logs. */
function readLogsPage(answer: OutgoingAnswer): Auth0Answer {
  if (answer.isCut)
    return {
      kind: "unavailable",
      status: answer.status,
      reason: `Auth0's answer is over ${MAX_ANSWER_BYTES / 1024 / 1024} MB, far more than a page of logs`,
    };
  const logs = parseJson(answer.text);
  if (!Array.isArray(logs))
    return {
      kind: "unavailable",
      status: answer.status,
      reason: "Auth0 answered with something other than a list of logs",
    };
  for (const log of logs) {
    const logId = (log as { log_id?: unknown } | null)?.log_id;
    if (typeof log !== "object" || log === null || Array.isArray(log) || typeof logId !== "string" || logId === "") {
      return { kind: "unavailable", status: answer.status, reason: "Auth0 answered with a log without a log_id" };
    }
  }
  return { kind: "logs", logs: logs as Auth0Log[] };
}

/**
 * A client for one tenant: client-credentials tokens for the Management API (renewed before they
 * expire and after a 401) and checkpoint pages of `GET /api/v2/logs`. Secrets stay in memory;
 * no answer it returns contains the client secret or a token.
 */
export function createAuth0Client(credentials: Auth0Credentials, options: { now: () => Date }) {
  let token: Token | null = null;
  const secrets = () => [credentials.clientSecret, token?.value ?? ""];

  async function call(
    url: string,
    outgoing: Pick<OutgoingRequest, "method" | "headers" | "body">,
  ): Promise<OutgoingAnswer | Auth0Answer> {
    try {
      const answer = await sendRequest(url, {
        ...outgoing,
        timeoutMs: REQUEST_TIMEOUT_MS,
        maxAnswerBytes: MAX_ANSWER_BYTES,
      });
      // The client secret or a token must never reach wherever a tenant (or whoever answers for it) points.
      return isRedirect(answer.status)
        ? { kind: "unavailable", status: answer.status, reason: redirectRefused(credentials.baseUrl, answer.status) }
        : answer;
    } catch (error) {
      return {
        kind: "unavailable",
        status: null,
        reason: `could not reach ${credentials.baseUrl}: ${networkReason(error)}`,
      };
    }
  }

  function failureOf(answer: OutgoingAnswer, where: "token" | "logs"): Auth0Answer {
    if (answer.status === 429) return { kind: "rate_limited", waitMs: rateLimitWaitMs(answer.headers, options.now()) };
    const reason = reasonOf(answer.status, answer.text, secrets());
    if (answer.status === 401 || answer.status === 403)
      return { kind: "refused", where, status: answer.status, reason };
    return { kind: "unavailable", status: answer.status, reason };
  }

  /** A token for the Management API, asked for with the client credentials when none is valid. */
  async function accessToken(): Promise<string | Auth0Answer> {
    if (token && options.now().getTime() < token.renewAt) return token.value;
    const answer = await call(`${credentials.baseUrl}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        audience: `${credentials.baseUrl}/api/v2/`,
      }),
    });
    if ("kind" in answer) return answer;
    if (!isOk(answer.status)) return failureOf(answer, "token");
    const issued = readToken(answer, options.now());
    if ("kind" in issued) return issued;
    token = issued;
    return token.value;
  }

  async function getLogs(query: string, isRetryAfterRenewal = false): Promise<Auth0Answer> {
    const bearer = await accessToken();
    if (typeof bearer !== "string") return bearer;
    const answer = await call(`${credentials.baseUrl}/api/v2/logs?${query}`, {
      method: "GET",
      headers: { authorization: `Bearer ${bearer}`, accept: "application/json" },
    });
    if ("kind" in answer) return answer;
    if (answer.status === 401 && !isRetryAfterRenewal) {
      // The token expired early or was revoked: one new token, one more try.
      token = null;
      return getLogs(query, true);
    }
    if (!isOk(answer.status)) return failureOf(answer, "logs");
    return readLogsPage(answer);
  }

  return {
    /** Up to PAGE_SIZE logs after `from`, in log_id order (Auth0's checkpoint walk). */
    logsAfter: (from: string) => getLogs(new URLSearchParams({ from, take: String(PAGE_SIZE) }).toString()),
    /** The oldest log the tenant still keeps (a search sorted by date), where a walk without a checkpoint starts. */
    oldestLog: () => getLogs(new URLSearchParams({ sort: "date:1", per_page: "1", page: "0" }).toString()),
  };
}

export type Auth0Client = ReturnType<typeof createAuth0Client>;

import { runAs } from "@/lib/audit/actor";
import { findApiToken, hasScope, isExpired, noteApiTokenUse } from "@/lib/auth/api-tokens";
import { clientAddress } from "@/lib/auth/client-address";
import { verifyApiToken, verifyIngestToken } from "@/lib/auth/credentials";
import { verifyMetricsEnvToken } from "@/lib/auth/metrics-token";
import { hashToken } from "@/lib/auth/hashing";
import { tokenThrottle } from "@/lib/auth/login-throttle";
import type { Scope } from "@/lib/auth/scopes";
import { logIfDatabaseBack } from "@/lib/db/outage";
import { env } from "@/lib/env";
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { errorBody, toErrorResponse } from "./errors";
import { rateLimitHeaders, takeRequest } from "./rate-limit";

/** Management API bodies are small; anything larger is a mistake. */
export const MANAGEMENT_BODY_LIMIT_BYTES = 64 * 1024;

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: Request, params: P) => Promise<Response>;

/** A token of the environment, named as the audit log names it; a route lists those it accepts, which hold every right on it. */
type EnvironmentToken = {
  name: "LOGSTREAMS_API_TOKEN" | "LOGSTREAMS_INGEST_TOKEN" | "LOGSTREAMS_METRICS_TOKEN";
  verify: (token: string) => Promise<boolean>;
};

const API_TOKEN: EnvironmentToken = { name: "LOGSTREAMS_API_TOKEN", verify: verifyApiToken };
const INGEST_TOKEN: EnvironmentToken = { name: "LOGSTREAMS_INGEST_TOKEN", verify: verifyIngestToken };
const METRICS_TOKEN: EnvironmentToken = { name: "LOGSTREAMS_METRICS_TOKEN", verify: verifyMetricsEnvToken };

/** What a route asks of the caller: the environment tokens it accepts, the scope an API token needs, and whether the per-token rate limit applies. */
type RouteAccess = { environmentTokens: EnvironmentToken[]; scope: Scope; isRateLimited: boolean };

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Who the bearer token is: one of the route's environment tokens, or a live API token (any scope:
 * the scope is checked after the rate limit). After repeated wrong ones from the client's address
 * (tokenThrottle), answers 429 with Retry-After before looking at the token, a right one included.
 * An expired or revoked token is a wrong one.
 */
async function identify(
  request: Request,
  address: string,
  environmentTokens: EnvironmentToken[],
): Promise<{ token: string; name: string; missingScope: (scope: Scope) => boolean }> {
  const waitMs = tokenThrottle.waitBefore([address]);
  if (waitMs > 0)
    throw new AppError(
      "too_many_requests",
      "Too many wrong tokens from this address; try again later",
      Math.ceil(waitMs / 1000),
    );
  const token = bearerToken(request);
  if (!token) throw new AppError("missing_authorization", "Missing authentication");
  for (const environmentToken of environmentTokens) {
    if (await environmentToken.verify(token)) {
      tokenThrottle.succeed([address]);
      return { token, name: environmentToken.name, missingScope: () => false };
    }
  }
  const now = new Date();
  const stored = await findApiToken(token);
  if (!stored || isExpired(stored, now)) {
    tokenThrottle.fail([address]);
    throw new AppError("invalid_token", stored ? "Expired token" : "Invalid token");
  }
  tokenThrottle.succeed([address]);
  await noteApiTokenUse(stored, now);
  return { token, name: stored.name, missingScope: (scope) => !hasScope(stored, scope) };
}

function withToken<P>(access: RouteAccess, handler: Handler<P>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const address = clientAddress(request.headers, env().LOGSTREAMS_TRUST_PROXY);
      const caller = await identify(request, address, access.environmentTokens);
      if (access.isRateLimited) {
        const decision = takeRequest(hashToken(caller.token), env().LOGSTREAMS_API_RATE_LIMIT);
        if (!decision.isAllowed) {
          return Response.json(errorBody(429, "Global limit has been reached", "too_many_requests"), {
            status: 429,
            headers: rateLimitHeaders(decision),
          });
        }
      }
      // Auth0's words, so its SDKs and tools report it as they do for a tenant.
      if (caller.missingScope(access.scope))
        throw new AppError("insufficient_scope", `Insufficient scope, expected any of: ${access.scope}`);
      const params = await context.params;
      const response = await runAs({ kind: "token", name: caller.name, address }, () => handler(request, params));
      logIfDatabaseBack();
      return response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/**
 * Wraps a Management API route: bearer token (LOGSTREAMS_API_TOKEN, or an API token holding
 * `scope`), the per-token rate limit, then the handler run on behalf of the token; every error
 * becomes an Auth0 error body.
 */
export const withApiToken = <P>(handler: Handler<P>, { scope }: { scope: Scope }) =>
  withToken({ environmentTokens: [API_TOKEN], scope, isRateLimited: true }, handler);
/** Same for the ingestion route: LOGSTREAMS_INGEST_TOKEN or an API token with ingest:logs; not rate limited (Auth0 streams push as fast as they log). */
export const withIngestToken = <P>(handler: Handler<P>) =>
  withToken({ environmentTokens: [INGEST_TOKEN], scope: "ingest:logs", isRateLimited: false }, handler);

/** Same for GET /metrics: LOGSTREAMS_METRICS_TOKEN, the Management API token, or an API token with read:metrics; not rate limited (scrapers poll). */
export const withMetricsToken = <P>(handler: Handler<P>) =>
  withToken({ environmentTokens: [METRICS_TOKEN, API_TOKEN], scope: "read:metrics", isRateLimited: false }, handler);

const tooLarge = (limitBytes: number) =>
  new AppError("payload_too_large", `Request body is larger than ${limitBytes} bytes`);

/** What reading the body may take, before reading it: its Content-Length, or `limitBytes` without one; 413 past the limit. */
export function expectedBodyBytes(request: Request, limitBytes: number): number {
  const declared = request.headers.get("content-length");
  if (declared === null) return limitBytes;
  if (Number(declared) > limitBytes) throw tooLarge(limitBytes);
  return Number(declared);
}

const tooSlow = (deadlineMs: number) =>
  new AppError(
    "request_timeout",
    `The request body did not arrive within ${Math.round(deadlineMs / 1000)} s; send it again`,
  );

/**
 * Reads the body's chunks until its end, `limitBytes` or `deadlineMs`, whichever comes first. With a
 * Content-Length the chunks are copied as they come into one buffer of that size, which owns its
 * memory (so the ingest route hands it to the writer thread without a copy); a body without one is
 * joined at its end. Joining a 5 MB body held it twice until the join.
 */
async function readUpTo(
  body: ReadableStream<Uint8Array>,
  limitBytes: number,
  deadlineMs: number,
  declaredBytes: number | null,
): Promise<Buffer> {
  const whole = declaredBytes === null ? null : Buffer.allocUnsafeSlow(declaredBytes);
  const reader = body.getReader();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (Number.isFinite(deadlineMs)) timer = setTimeout(() => reject(tooSlow(deadlineMs)), deadlineMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) return whole ? whole.subarray(0, size) : Buffer.concat(chunks, size);
      if (size + value.byteLength > (whole?.length ?? limitBytes)) throw tooLarge(whole ? whole.length : limitBytes);
      if (whole) whole.set(value, size);
      else chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads the body, refusing (413) more than `limitBytes` even when Content-Length lies or is absent,
 * and (408) a body still incomplete after `deadlineMs`.
 */
export async function readBodyBytes(request: Request, limitBytes: number, deadlineMs = Infinity): Promise<Buffer> {
  const expected = expectedBodyBytes(request, limitBytes);
  if (!request.body) return Buffer.alloc(0);
  const declaredBytes = request.headers.has("content-length") && Number.isSafeInteger(expected) ? expected : null;
  try {
    return await readUpTo(request.body, limitBytes, deadlineMs, declaredBytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The sender hung up before the end of its body: its fault, not an error of the app's.
    throw new AppError("invalid_body", "The request body ended before it was complete: the connection closed");
  }
}

/** Parses a JSON request body (Management API): 413 when too large, 400 when not JSON. */
export async function readJsonBody(request: Request, limitBytes = MANAGEMENT_BODY_LIMIT_BYTES): Promise<unknown> {
  const text = (await readBodyBytes(request, limitBytes)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_body", "Invalid request payload JSON format");
  }
}

/** Validates a Management API body; issues keep their input so a missing property is named as Auth0 names it. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  return schema.parse(body, { reportInput: true });
}

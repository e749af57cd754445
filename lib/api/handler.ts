import { runAs } from "@/lib/audit/actor";
import { clientAddress } from "@/lib/auth/client-address";
import { verifyApiToken, verifyIngestToken } from "@/lib/auth/credentials";
import { verifyMetricsToken } from "@/lib/auth/metrics-token";
import { hashToken } from "@/lib/auth/hashing";
import { tokenThrottle } from "@/lib/auth/login-throttle";
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

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Checks the bearer token; after repeated wrong ones from the client's address (tokenThrottle),
 * answers 429 with Retry-After before looking at the token, a right one included.
 */
async function checkToken(request: Request, verify: (token: string) => Promise<boolean>): Promise<string> {
  const address = [clientAddress(request.headers, env().LOGSTREAMS_TRUST_PROXY)];
  const waitMs = tokenThrottle.waitBefore(address);
  if (waitMs > 0) throw new AppError("too_many_requests", "Too many wrong tokens from this address; try again later", Math.ceil(waitMs / 1000));
  const token = bearerToken(request);
  if (!token) throw new AppError("missing_authorization", "Missing authentication");
  if (!(await verify(token))) {
    tokenThrottle.fail(address);
    throw new AppError("invalid_token", "Invalid token");
  }
  tokenThrottle.succeed(address);
  return token;
}

function withToken<P>(verify: (token: string) => Promise<boolean>, handler: Handler<P>, isRateLimited: boolean) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const token = await checkToken(request, verify);
      if (isRateLimited) {
        const decision = takeRequest(hashToken(token), env().LOGSTREAMS_API_RATE_LIMIT);
        if (!decision.isAllowed) {
          return Response.json(errorBody(429, "Global limit has been reached", "too_many_requests"), { status: 429, headers: rateLimitHeaders(decision) });
        }
      }
      const response = await handler(request, await context.params);
      logIfDatabaseBack();
      return response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** What a Management API route asks of the caller's token. `scope`: the Auth0 scope it needs (the environment token holds every scope). */
export type ApiRouteAccess = { scope?: string };

/** The handler run on behalf of the environment's API token, so that what it changes is audited under that name. */
const asEnvironmentToken =
  <P>(handler: Handler<P>): Handler<P> =>
  (request, params) =>
    runAs({ kind: "token", name: "LOGSTREAMS_API_TOKEN", address: clientAddress(request.headers, env().LOGSTREAMS_TRUST_PROXY) }, () => handler(request, params));

/** Wraps a Management API route: bearer token, then the handler; every error becomes an Auth0 error body. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- `access` is where scoped API tokens are checked; the one token today holds every scope
export const withApiToken = <P>(handler: Handler<P>, access: ApiRouteAccess = {}) => withToken(verifyApiToken, asEnvironmentToken(handler), true);
/** Same for the ingestion route, with the ingestion token; not rate limited (Auth0 streams push as fast as they log). */
export const withIngestToken = <P>(handler: Handler<P>) => withToken(verifyIngestToken, handler, false);

/** Same for GET /metrics: the metrics token or the Management API token; not rate limited (scrapers poll). */
export const withMetricsToken = <P>(handler: Handler<P>) => withToken(verifyMetricsToken, handler, false);

const tooLarge = (limitBytes: number) => new AppError("payload_too_large", `Request body is larger than ${limitBytes} bytes`);

/** What reading the body may take, before reading it: its Content-Length, or `limitBytes` without one; 413 past the limit. */
export function expectedBodyBytes(request: Request, limitBytes: number): number {
  const declared = request.headers.get("content-length");
  if (declared === null) return limitBytes;
  if (Number(declared) > limitBytes) throw tooLarge(limitBytes);
  return Number(declared);
}

const tooSlow = (deadlineMs: number) => new AppError("request_timeout", `The request body did not arrive within ${Math.round(deadlineMs / 1000)} s; send it again`);

/** Reads the body's chunks until its end, `limitBytes` or `deadlineMs`, whichever comes first. */
async function readUpTo(body: ReadableStream<Uint8Array>, limitBytes: number, deadlineMs: number): Promise<Buffer> {
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
      if (done) return Buffer.concat(chunks, size);
      size += value.byteLength;
      if (size > limitBytes) throw tooLarge(limitBytes);
      chunks.push(value);
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
  expectedBodyBytes(request, limitBytes);
  if (!request.body) return Buffer.alloc(0);
  try {
    return await readUpTo(request.body, limitBytes, deadlineMs);
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

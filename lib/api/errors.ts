import { ZodError } from "zod";
import { logIfDatabaseUnreachable } from "@/lib/db/outage";
import { AppError, type ErrorCode } from "@/lib/errors/app-error";
import { logger } from "@/lib/logger";

/** What a caller is told to wait while the database is unreachable: a restart or a failover takes seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** errorCode → HTTP status, as in Auth0's Management API error bodies. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_body: 400,
  invalid_query_string: 400,
  invalid_uri: 400,
  unsupported_type: 400,
  missing_authorization: 401,
  invalid_token: 401,
  unauthorized: 401,
  insufficient_scope: 403,
  forbidden: 403,
  inexistent_log_stream: 404,
  inexistent_failure: 404,
  not_found: 404,
  conflict: 409,
  stream_not_active: 409,
  replay_in_progress: 409,
  already_replayed: 409,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal_error: 500,
  service_unavailable: 503,
  insufficient_storage: 507,
};

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
  507: "Insufficient Storage",
};

export type Auth0ErrorBody = { statusCode: number; error: string; message: string; errorCode: string };

export function errorBody(status: number, message: string, errorCode: string): Auth0ErrorBody {
  return { statusCode: status, error: STATUS_TEXT[status] ?? "Error", message, errorCode };
}

/**
 * Describes a zod error the way Auth0 (z-schema) does: "Payload validation error: '…' on property x.".
 * A missing property is only recognisable when the schema was parsed with `reportInput` (see parseBody).
 */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Payload validation error";
  const isMissing = "input" in issue && issue.input === undefined && issue.path.length > 0;
  let text = issue.message;
  let path = issue.path;
  if (issue.code === "unrecognized_keys") {
    text = `Additional properties not allowed: ${issue.keys.join(",")}`;
  } else if (isMissing) {
    text = `Missing required property: ${String(path.at(-1))}`;
    path = path.slice(0, -1);
  }
  const where = path.length > 0 ? ` on property ${path.join(".")}` : "";
  return `Payload validation error: '${text}'${where}.`;
}

function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
}

/** The one place an error becomes an HTTP response. Unknown errors are logged and answered with a generic 500. */
export function toErrorResponse(error: unknown): Response {
  let body: Auth0ErrorBody;
  let headers: HeadersInit | undefined;
  if (error instanceof AppError) {
    body = errorBody(ERROR_STATUS[error.code], error.message, error.code);
    if (error.retryAfterSeconds !== undefined) headers = { "retry-after": String(error.retryAfterSeconds) };
  } else if (error instanceof ZodError) {
    body = errorBody(400, describeZodError(error), "invalid_body");
  } else if (logIfDatabaseUnreachable(error)) {
    body = errorBody(503, "The database is unreachable; send this request again later", "service_unavailable");
    headers = { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) };
  } else if (prismaCode(error) === "P2002") {
    body = errorBody(409, "A log stream with the same name already exists", "conflict");
  } else if (prismaCode(error) === "P2025") {
    body = errorBody(404, "The log stream does not exist.", "inexistent_log_stream");
  } else {
    logger.error({ err: error }, "unhandled API error");
    body = errorBody(500, "Internal error", "internal_error");
  }
  return Response.json(body, { status: body.statusCode, headers });
}

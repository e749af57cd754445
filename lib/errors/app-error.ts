/**
 * What went wrong, named as Auth0's Management API names it in `errorCode`. Domain code throws
 * these; lib/api/errors.ts maps each to an HTTP status, the dashboard's actions to a form message.
 */
export const ERROR_CODES = [
  "invalid_body",
  "invalid_query_string",
  "invalid_uri",
  "unsupported_type",
  "missing_authorization",
  "invalid_token",
  "unauthorized",
  "insufficient_scope",
  "forbidden",
  "inexistent_log_stream",
  "inexistent_failure",
  "not_found",
  "conflict",
  "stream_not_active",
  "replay_in_progress",
  "already_replayed",
  "request_timeout",
  "payload_too_large",
  "unsupported_media_type",
  "too_many_requests",
  "internal_error",
  "service_unavailable",
  "insufficient_storage",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Marks an AppError whichever copy of this module made it: Next bundles instrumentation (which starts the SQLite writer thread, whose errors come back through it) and each route apart. */
const APP_ERROR = Symbol.for("logstreams.AppError");

/** The one error type of the domain: a code and a message meant for whoever made the request. */
export class AppError extends Error {
  readonly [APP_ERROR] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** When the caller may try again (the API sends it as `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }

  /** `instanceof AppError` holds for an AppError of another module copy too. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
  }
}

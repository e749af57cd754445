// The scopes an API token may hold (spec: Management API, Ingestion, GET /metrics). Imports
// nothing, so the API tokens form (a client component) shows the same list the server checks.

/** Each scope with what it opens, in the order the API tokens page lists them. */
export const SCOPE_DESCRIPTIONS = {
  "read:log_streams": "List and read streams and their failures",
  "create:log_streams": "Create streams",
  "update:log_streams": "Change, pause and resume streams; skip, replay and POST /api/dispatch",
  "delete:log_streams": "Delete streams",
  "ingest:logs": "Send events to POST /api/v2/logs",
  "read:metrics": "Scrape GET /metrics",
  "read:audit_log": "Read GET /api/v2/audit-log",
} as const;

export type Scope = keyof typeof SCOPE_DESCRIPTIONS;

export const SCOPE_NAMES = Object.keys(SCOPE_DESCRIPTIONS) as [Scope, ...Scope[]];

/** A token's scopes as stored: space-separated, as OAuth writes a `scope`, in the order of SCOPES. */
export function joinScopes(scopes: readonly Scope[]): string {
  return SCOPE_NAMES.filter((scope) => scopes.includes(scope)).join(" ");
}

/** The stored text back to scopes; anything not a scope (a scope a later version dropped) is ignored. */
export function splitScopes(stored: string): Scope[] {
  const words = stored.split(" ");
  return SCOPE_NAMES.filter((scope) => words.includes(scope));
}

// The scopes an API token may hold (spec: Management API, Ingestion, GET /metrics). Imports
// nothing, so the API tokens form (a client component) shows the same list the server checks.

/** Each scope with what it opens, in the order the API tokens page lists them. */
export const SCOPES = [
  { scope: "read:log_streams", description: "List and read streams and their failures" },
  { scope: "create:log_streams", description: "Create streams" },
  { scope: "update:log_streams", description: "Change, pause and resume streams; skip, replay and POST /api/dispatch" },
  { scope: "delete:log_streams", description: "Delete streams" },
  { scope: "ingest:logs", description: "Send events to POST /api/v2/logs" },
  { scope: "read:metrics", description: "Scrape GET /metrics" },
  { scope: "read:audit_log", description: "Read GET /api/v2/audit-log" },
] as const;

export type Scope = (typeof SCOPES)[number]["scope"];

export const SCOPE_NAMES = SCOPES.map((entry) => entry.scope) as [Scope, ...Scope[]];

/** A token's scopes as stored: space-separated, as OAuth writes a `scope`, in the order of SCOPES. */
export function joinScopes(scopes: readonly Scope[]): string {
  return SCOPE_NAMES.filter((scope) => scopes.includes(scope)).join(" ");
}

/** The stored text back to scopes; anything not a scope (a scope a later version dropped) is ignored. */
export function splitScopes(stored: string): Scope[] {
  const words = stored.split(" ");
  return SCOPE_NAMES.filter((scope) => words.includes(scope));
}

import { clampedWaitMs, doublingWaitMs, type WaitBounds } from "@/lib/retry/backoff";
import type { Auth0Answer } from "./client";

/** How a pull pass ended. */
export type PassOutcome =
  | Exclude<Auth0Answer, { kind: "logs" }>
  | { kind: "caught_up" }
  | { kind: "not_configured" }
  /** Another process pulls (or took over meanwhile). */
  | { kind: "lease_lost" }
  | { kind: "deadline" };

/** Refused credentials are tried again this often: an operator fixes them, no tight loop meanwhile. */
export const REFUSED_RETRY_MS = 5 * 60_000;
/** 5xx and network errors: 1 s, 2 s, 4 s … doubling up to this, so a tenant back from an outage is pulled within 5 minutes. */
export const MAX_BACKOFF_MS = 5 * 60_000;
const UNAVAILABLE_WAIT: WaitBounds = { firstMs: 1_000, maxMs: MAX_BACKOFF_MS };
/** A rate-limit reset further away than this (a wrong clock, a hostile answer) is not waited for in full. */
const MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

const WHERE_SCOPES_ARE =
  "Auth0 Dashboard → Applications → APIs → Auth0 Management API → Machine To Machine Applications";

/**
 * How long to wait after a pass, and the status to show while waiting (null when all is well):
 * caught up → the poll interval; 429 → until Auth0's reset; 5xx/network → exponential backoff;
 * refused credentials → REFUSED_RETRY_MS.
 */
export function waitAfter(
  outcome: PassOutcome,
  context: { pollMs: number; failuresInARow: number },
): { ms: number; reason: string | null } {
  switch (outcome.kind) {
    case "caught_up":
    case "not_configured":
    case "lease_lost":
      return { ms: context.pollMs, reason: null };
    case "deadline":
      return { ms: 0, reason: null };
    case "rate_limited":
      return { ms: clampedWaitMs(outcome.waitMs, MAX_RATE_LIMIT_WAIT_MS), reason: null };
    case "unavailable": {
      const ms = doublingWaitMs(UNAVAILABLE_WAIT, context.failuresInARow);
      return {
        ms,
        reason: `Auth0 failed or could not be reached (${outcome.reason}); trying again in ${Math.round(ms / 1000)} s. If it lasts, check the domain and that this server can reach it over HTTPS.`,
      };
    }
    case "refused":
      return {
        ms: REFUSED_RETRY_MS,
        reason:
          outcome.where === "token"
            ? `Auth0 refused the client credentials (${outcome.reason}). Check the domain, client id and client secret of the Machine to Machine application, and that it is authorized for the Auth0 Management API with the read:logs scope (${WHERE_SCOPES_ARE}). Pulling is tried again every 5 minutes.`
            : `Auth0 refused to list the logs (${outcome.reason}): grant the application the read:logs scope of the Auth0 Management API (${WHERE_SCOPES_ARE}). Pulling is tried again every 5 minutes.`,
      };
  }
}

import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import { logger } from "@/lib/logger";

/**
 * A sign-in or sign-out, as it happened. `actor` names who (the email, "admin" for the break-glass
 * account, or for a failure what was tried, when it is known) and from where; `reason` says why a
 * sign-in failed, in words meant for an operator. Never a password, code or token.
 */
export type SignInOutcome =
  | { event: "sign_in"; method: "password" | "oidc"; actor: Actor }
  | { event: "sign_in_failed"; method: "password" | "oidc"; actor: Actor; reason: string }
  | { event: "sign_out"; actor: Actor };

/** The name a failed sign-in is recorded under when the name tried is no account's: it may be a password typed in the wrong field. */
export const UNKNOWN_USER = "(unknown user)";

const AUDIT_ACTIONS = {
  sign_in: "session.signed_in",
  sign_in_failed: "session.sign_in_failed",
  sign_out: "session.signed_out",
} as const;

/** Every sign-in outcome and sign-out goes through here: one log line and one audit record. */
export async function onSignIn(outcome: SignInOutcome): Promise<void> {
  const { actor, ...rest } = outcome;
  const fields = { ...rest, user: actor.name, address: actor.address };
  if (outcome.event === "sign_in_failed") logger.warn(fields, "dashboard sign-in failed");
  else logger.info(fields, outcome.event === "sign_in" ? "dashboard sign-in" : "dashboard sign-out");
  const { event: _event, actor: _actor, ...changes } = outcome;
  const target = { type: "session" as const, name: actor.name };
  await recordAudit(
    { action: AUDIT_ACTIONS[outcome.event], target, changes: Object.keys(changes).length > 0 ? changes : null },
    { actor },
  );
}

import type { Actor } from "@/lib/audit/actor";
import { logger } from "@/lib/logger";

/**
 * A sign-in or sign-out, as it happened. `actor` names who (the email, "admin" for the break-glass
 * account, or for a failure what was tried, when it is known) and from where; `reason` says why a
 * sign-in failed, in words meant for an operator. Never a password, code or token.
 */
export type SignInOutcome =
  { event: "sign_in"; method: "password" | "oidc"; actor: Actor } | { event: "sign_in_failed"; method: "password" | "oidc"; actor: Actor; reason: string } | { event: "sign_out"; actor: Actor };

/** Every sign-in outcome and sign-out goes through here (the audit log records them). */
export async function onSignIn(outcome: SignInOutcome): Promise<void> {
  const { actor, ...rest } = outcome;
  const fields = { ...rest, user: actor.name, address: actor.address };
  if (outcome.event === "sign_in_failed") logger.warn(fields, "dashboard sign-in failed");
  else logger.info(fields, outcome.event === "sign_in" ? "dashboard sign-in" : "dashboard sign-out");
}

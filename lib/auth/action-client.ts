import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z, ZodError } from "zod";
import { runAs, type Actor } from "@/lib/audit/actor";
import { env } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors/app-error";
import { logger } from "@/lib/logger";
import { clientAddress } from "./client-address";
import { requireAdmin } from "./session";

/**
 * What every server action answers. `message` on success is optional text for the user; on failure
 * it says what went wrong, and `fieldErrors` (path → message) places validation issues next to fields.
 */
export type ActionResult<T = null> = { ok: true; data: T; message?: string } | { ok: false; code: ErrorCode; message: string; fieldErrors: Record<string, string> };

/**
 * Who may call an action. Only the admin session exists today; roles slot in here: the wrapper
 * checks the required one before it reads the arguments. `public`: no session needed (sign-in).
 */
export type ActionAccess = "admin" | "public";

/** A handler may return data, or data with a success message for the user. */
export class ActionSuccess<T> {
  constructor(
    readonly data: T,
    readonly message: string,
  ) {}
}

export const GENERIC_FAILURE_MESSAGE = "Something went wrong on the server. Try again; if it persists, check the server log.";

async function requireAccess(access: ActionAccess): Promise<void> {
  // Without the session, requireAdmin redirects to /login: the dashboard follows it, a script sees the redirect.
  if (access === "admin") await requireAdmin();
}

/** Who a signed-in action runs as, for the audit log: the one admin account until users sign in with SSO. */
async function sessionActor(): Promise<Actor> {
  return { kind: "user", name: "admin", address: clientAddress(await headers(), env().LOGSTREAMS_TRUST_PROXY) };
}

/** Every issue once, with where it is when the message does not say it. */
export function describeIssues(error: ZodError): { message: string; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = Object.create(null);
  const lines: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    fieldErrors[path] ??= issue.message;
    const field = String(issue.path.at(-1) ?? "");
    const line = path === "" || issue.message.includes(field) ? issue.message : `${path}: ${issue.message}`;
    lines.push(/[.!?]$/.test(line) ? line : `${line}.`);
  }
  return { message: `Check the values: ${[...new Set(lines)].join(" ")}`, fieldErrors: { ...fieldErrors } };
}

/** What the user sees for an error: AppError and ZodError as they are; anything else logged once, answered generically. */
export function toActionFailure(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof ZodError) return { ok: false, code: "invalid_body", ...describeIssues(error) };
  if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, fieldErrors: {} };
  logger.error({ err: error }, "dashboard action failed");
  return { ok: false, code: "internal_error", message: GENERIC_FAILURE_MESSAGE, fieldErrors: {} };
}

/**
 * The one way to write a server action (formbricks' action client): checks the session, validates
 * the one argument with `schema`, runs `handler`, and
 * turns what it throws into an ActionResult. Next's redirect and notFound pass through.
 */
export function defineAction<S extends z.ZodType, T>(access: ActionAccess, schema: S, handler: (input: z.output<S>) => Promise<T | ActionSuccess<T>>) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    await requireAccess(access);
    try {
      const run = () => handler(schema.parse(input));
      const outcome = await (access === "public" ? run() : runAs(await sessionActor(), run));
      return outcome instanceof ActionSuccess ? { ok: true, data: outcome.data, message: outcome.message } : { ok: true, data: outcome };
    } catch (error) {
      unstable_rethrow(error);
      return toActionFailure(error);
    }
  };
}

/** An action of the admin dashboard: admin session required. */
export const adminAction = <S extends z.ZodType, T>(schema: S, handler: (input: z.output<S>) => Promise<T | ActionSuccess<T>>) => defineAction("admin", schema, handler);

/** For actions without arguments. */
export const noInput = z.undefined({ error: "this action takes no arguments" });

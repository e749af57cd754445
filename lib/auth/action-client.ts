import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { z, ZodError } from "zod";
import { runAs, type Actor } from "@/lib/audit/actor";
import { env } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors/app-error";
import { logger } from "@/lib/logger";
import { clientAddress } from "./client-address";
import { hasRole, type GrantingRole } from "./roles";
import { currentUser, type SessionUser } from "./session";
import { BREAK_GLASS_USER_ID } from "./users";

/**
 * What every server action answers. `message` on success is optional text for the user; on failure
 * it says what went wrong, and `fieldErrors` (path → message) places validation issues next to fields.
 */
export type ActionResult<T = null> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: ErrorCode; message: string; fieldErrors: Record<string, string> };

/**
 * Who may call an action: the weakest role that may (the wrapper checks it before it reads the
 * arguments), or `public`: no session needed (sign-in).
 */
export type ActionAccess = GrantingRole | "public";

/** A handler may return data, or data with a success message for the user. */
export class ActionSuccess<T> {
  constructor(
    readonly data: T,
    readonly message: string,
  ) {}
}

export const GENERIC_FAILURE_MESSAGE =
  "Something went wrong on the server. Try again; if it persists, check the server log.";

export const FORBIDDEN_MESSAGE = "Your role does not allow this. Ask an admin.";

/** The audit actor for a signed-in user: their email (or name), "admin" for the break-glass account. */
export function actorOf(user: Pick<SessionUser, "id" | "email" | "name">, address: string): Actor {
  const name = user.id === BREAK_GLASS_USER_ID ? "admin" : (user.email ?? user.name ?? user.id);
  return { kind: "user", name, address };
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
export function defineAction<S extends z.ZodType, T>(
  access: ActionAccess,
  schema: S,
  handler: (input: z.output<S>, user: SessionUser | null) => Promise<T | ActionSuccess<T>>,
) {
  const run = async (input: z.input<S>, user: SessionUser | null): Promise<ActionResult<T>> => {
    try {
      const outcome = await handler(schema.parse(input), user);
      return outcome instanceof ActionSuccess
        ? { ok: true, data: outcome.data, message: outcome.message }
        : { ok: true, data: outcome };
    } catch (error) {
      unstable_rethrow(error);
      return toActionFailure(error);
    }
  };
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    if (access === "public") return run(input, null);
    const user = await currentUser();
    // Without a session: to /login (the dashboard follows it, a script sees the redirect).
    if (!user) redirect("/login");
    if (!hasRole(user.role, access))
      return { ok: false, code: "forbidden", message: FORBIDDEN_MESSAGE, fieldErrors: {} };
    return runAs(actorOf(user, clientAddress(await headers(), env().LOGSTREAMS_TRUST_PROXY)), () => run(input, user));
  };
}

type Handler<S extends z.ZodType, T> = (input: z.output<S>, user: SessionUser) => Promise<T | ActionSuccess<T>>;

/** An action a role at least `role` may call; the handler gets the signed-in user. */
function roleAction(role: GrantingRole) {
  return <S extends z.ZodType, T>(schema: S, handler: Handler<S, T>) =>
    defineAction(role, schema, (input, user) => handler(input, user!));
}

/** Stream changes: editors and admins. */
export const editorAction = roleAction("editor");
/** Source, alert settings, users: admins only. */
export const adminAction = roleAction("admin");

/** For actions without arguments. */
export const noInput = z.undefined({ error: "this action takes no arguments" });

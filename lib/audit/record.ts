import { db } from "@/lib/db/client";
import { newId } from "@/lib/db/ids";
import type { Prisma } from "@/lib/db/models";
import { currentActor, type Actor } from "./actor";

/** Every action the audit log records; the /audit page and GET /api/v2/audit-log filter by these. */
export const AUDIT_ACTIONS = [
  "stream.created",
  "stream.updated",
  "stream.deleted",
  "stream.paused",
  "stream.resumed",
  "stream.suspended",
  "stream.failure_replayed",
  "stream.failures_retried",
  "stream.skipped",
  "stream.test_event_sent",
  "source.saved",
  "source.removed",
  "alerts.saved",
  "alerts.removed",
  "session.signed_in",
  "session.sign_in_failed",
  "session.signed_out",
  "user.created",
  "user.role_changed",
  "user.removed",
  "token.created",
  "token.revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ["stream", "source", "alerts", "session", "user", "token"] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** What was changed: its kind, and its id and name when it has them (a stream's lst_… id and name, a user's email). */
export type AuditTarget = { type: AuditTargetType; id?: string | null; name?: string | null };

/**
 * What changed, as plain JSON: a field's `{ from, to }`, a count, a result. A secret's value never
 * goes in, not even masked: only that it `"changed"` (see SECRET_CHANGED).
 */
export type AuditChanges = Record<string, unknown>;

/** How a secret's change reads in a record: that it changed, nothing of its value. */
export const SECRET_CHANGED = "changed";

export type AuditEntry = { action: AuditAction; target: AuditTarget; changes?: AuditChanges | null };

export type RecordAuditOptions = {
  /** The transaction that makes the change, so the record commits (or rolls back) with it. */
  tx?: Prisma.TransactionClient;
  /** Who did it, when not the actor of the request being served (sign-in, the dispatcher's automatic changes). */
  actor?: Actor;
};

/** Appends one audit record: the actor (by default currentActor()), its address, the action, the target and what changed. */
export async function recordAudit(entry: AuditEntry, options: RecordAuditOptions = {}): Promise<void> {
  const actor = options.actor ?? currentActor();
  await (options.tx ?? db()).auditRecord.create({
    data: {
      id: newId("aud"),
      actorKind: actor.kind,
      actorName: actor.name,
      address: actor.address,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id ?? null,
      targetName: entry.target.name ?? null,
      changes: entry.changes ? JSON.stringify(entry.changes) : null,
    },
  });
}

/** The fields whose value differs between `before` and `after` (compared as JSON), as `{ field: { from, to } }`. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

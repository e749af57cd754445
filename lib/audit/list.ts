import { z } from "zod";
import { db } from "@/lib/db/client";
import { readPage } from "@/lib/db/page";
import type { AuditRecord, Prisma } from "@/lib/db/models";
import { AUDIT_ACTIONS, type AuditAction, type AuditTargetType } from "./record";

/** Records per page of GET /api/v2/audit-log by default, and at most (as the failures list). */
export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 100;
/** Deepest page number accepted: keeps the offset a small integer every database takes. */
export const MAX_AUDIT_PAGE = 100_000;

/** An empty query value (`?actor=`) counts as absent. */
const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The filters: `actor` an actor's name, `target` a target's id, name or type, `action` one of AUDIT_ACTIONS; all exact. */
export const auditFilterSchema = z.object({
  actor: optionalFilter(z.string().trim().min(1).max(320)),
  target: optionalFilter(z.string().trim().min(1).max(320)),
  action: optionalFilter(z.enum(AUDIT_ACTIONS)),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** GET /api/v2/audit-log's query: the filters and a 0-based page, as Auth0's list endpoints; anything else is refused. */
export const auditQuerySchema = z.strictObject({
  ...auditFilterSchema.shape,
  page: z.coerce.number().int().min(0).max(MAX_AUDIT_PAGE).default(0),
  per_page: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(AUDIT_PAGE_SIZE),
});

export type ApiAuditRecord = {
  id: string;
  at: string;
  actor: { kind: "user" | "token" | "system"; name: string };
  address: string | null;
  action: AuditAction;
  target: { type: AuditTargetType; id: string | null; name: string | null };
  changes: Record<string, unknown> | null;
};

export function toApiAuditRecord(row: AuditRecord): ApiAuditRecord {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { kind: row.actorKind as ApiAuditRecord["actor"]["kind"], name: row.actorName },
    address: row.address,
    action: row.action as AuditAction,
    target: { type: row.targetType as AuditTargetType, id: row.targetId, name: row.targetName },
    changes: row.changes === null ? null : (JSON.parse(row.changes) as Record<string, unknown>),
  };
}

function whereOf(filter: AuditFilter): Prisma.AuditRecordWhereInput {
  const where: Prisma.AuditRecordWhereInput = {};
  if (filter.actor) where.actorName = filter.actor;
  if (filter.action) where.action = filter.action;
  if (filter.target)
    where.OR = [{ targetId: filter.target }, { targetName: filter.target }, { targetType: filter.target }];
  return where;
}

/** Audit records, newest first, filtered; `page` is 0-based. */
export async function listAuditRecords(
  filter: AuditFilter,
  page = 0,
  perPage = AUDIT_PAGE_SIZE,
): Promise<{ records: AuditRecord[]; total: number }> {
  const where = whereOf(filter);
  const { rows, total } = await readPage(
    page,
    perPage,
    (window) => db().auditRecord.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], ...window }),
    () => db().auditRecord.count({ where }),
  );
  return { records: rows, total };
}

/**
 * The filters of the /audit page's query string: each one kept only when valid, otherwise ignored
 * (an old link, a typed value), so a bad value never errors. Repeated parameters are ignored too.
 */
export function readAuditFilter(query: Record<string, string | string[] | undefined>): AuditFilter {
  const { actor, target, action } = auditFilterSchema.shape;
  const valid = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
    const parsed = schema.safeParse(typeof value === "string" ? value : undefined);
    return parsed.success ? parsed.data : undefined;
  };
  return { actor: valid(actor, query.actor), target: valid(target, query.target), action: valid(action, query.action) };
}

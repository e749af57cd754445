import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The one deletion of audit records the app makes: those older than LOGSTREAMS_AUDIT_RETENTION_DAYS. Returns how many. */
export async function pruneAuditRecords(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - env().LOGSTREAMS_AUDIT_RETENTION_DAYS * DAY_MS);
  const { count } = await db().auditRecord.deleteMany({ where: { at: { lt: cutoff } } });
  return count;
}

import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/db/ids";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/db/models";
import { LeaseLostError } from "@/lib/leases/lease";
import { logFailureRecorded, logSuspended } from "@/lib/operator-log";
import { MIN_KEY_CHECK_WAIT_MS } from "./key-heal";
import { minuteOf } from "./delivery-store";
import { itemCount, type PartResult } from "./send";
import { deliveryStore } from "./store";

type Tx = Prisma.TransactionClient;
type Failure = Extract<PartResult, { kind: "failed" | "suspended" }>;

const HOUR_MS = 60 * 60 * 1000;

/**
 * Why a stream was suspended, in words without a time: the moments are statusChangedAt and
 * failingSince, which the Health banner writes beside it when it renders (text formatted here would
 * stay frozen in the database). The migration status_reason_without_time rewrites older reasons to these.
 * Refused credentials are said in the destination's own words (Destination.refusedReason).
 */
export const suspendReason = {
  failingTooLong: "Suspended automatically: deliveries kept failing — check the failures below, then Resume",
};

/**
 * Adds to the stream's counters for the minute of `at`, and to its lifetime totals (raw SQL: the
 * same on SQLite and PostgreSQL, and cheaper than Prisma's upsert); `delayed` counts delivered
 * events sent without their date.
 */
export async function countInMinute(
  tx: Tx,
  streamId: string,
  at: Date,
  delivered: number,
  failed: number,
  delayed = 0,
): Promise<void> {
  if (delivered === 0 && failed === 0) return;
  await tx.$executeRaw`
    INSERT INTO "StreamMinuteStat" ("streamId", "minute", "delivered", "failed", "delayed") VALUES (${streamId}, ${minuteOf(at)}, ${delivered}, ${failed}, ${delayed})
    ON CONFLICT ("streamId", "minute") DO UPDATE SET "delivered" = "StreamMinuteStat"."delivered" + excluded."delivered", "failed" = "StreamMinuteStat"."failed" + excluded."failed", "delayed" = "StreamMinuteStat"."delayed" + excluded."delayed"`;
  await tx.$executeRaw`UPDATE "LogStream" SET "deliveredTotal" = "deliveredTotal" + ${delivered}, "failedTotal" = "failedTotal" + ${failed} WHERE "id" = ${streamId}`;
}

/** Delivered events of the parts that went out without their date (older than Datadog's window). */
export function delayedCount(parts: PartResult[]): number {
  return parts.reduce((n, p) => n + (p.kind === "delivered" ? p.delayed : 0), 0);
}

export async function insertFailure(tx: Tx, streamId: string, part: Failure, at: Date): Promise<void> {
  await tx.deliveryFailure.create({
    data: {
      id: newId("dfl"),
      streamId,
      occurredAt: at,
      attempts: part.attempts,
      statusCode: part.status,
      error: part.detail || (part.status === null ? "No answer from the destination" : `HTTP ${part.status}`),
      eventCount: part.items.length,
      firstLogId: part.items[0]!.logId,
      lastLogId: part.items.at(-1)!.logId,
      eventSeqs: JSON.stringify(part.items.map((item) => item.seq.toString())),
    },
  });
}

export type BatchOutcome = {
  /** Where the stream's cursor goes (unchanged when the batch was stopped before anything was sent). */
  cursor: bigint;
  parts: PartResult[];
};

/**
 * Writes a batch's outcome in one transaction, only if this worker still holds the stream's
 * lease: cursor, failure records, per-minute counters, and the stream's health fields.
 */
export async function recordOutcome(
  streamId: string,
  workerId: string,
  outcome: BatchOutcome,
  now: Date,
): Promise<void> {
  const delivered = outcome.parts.filter((p) => p.kind === "delivered").reduce((n, p) => n + itemCount(p), 0);
  const failures = outcome.parts.filter((p): p is Failure => p.kind === "failed" || p.kind === "suspended");
  const suspension = failures.find((p) => p.kind === "suspended");
  const delayed = delayedCount(outcome.parts);
  const { recordProgress } = deliveryStore();
  if (recordProgress && failures.length === 0) {
    return recordProgress({ streamId, workerId, cursor: outcome.cursor, delivered, delayed, now });
  }

  let suspendedReason: string | undefined;
  await db().$transaction(async (tx) => {
    // A write comes first: on SQLite a transaction that reads first cannot take the write lock
    // once another connection (the writer thread, another process) has committed meanwhile, and
    // fails; one that starts by writing waits for the lock. The lease condition makes this a
    // no-op, and the transaction roll back, once another worker owns the stream.
    const { count } = await tx.logStream.updateMany({
      where: { id: streamId, leaseOwner: workerId },
      data: { cursor: outcome.cursor },
    });
    if (count !== 1) throw new LeaseLostError();
    const data: Prisma.LogStreamUpdateInput = {};
    if (delivered > 0) data.lastDeliveredAt = now;
    if (failures.length === 0 && delivered > 0) data.failingSince = null;
    if (failures.length > 0) {
      const stream = await tx.logStream.findUniqueOrThrow({
        where: { id: streamId },
        select: { failingSince: true, name: true },
      });
      const failingSince = stream.failingSince ?? now;
      data.failingSince = failingSince;
      const suspendAfterMs = env().LOGSTREAMS_SUSPEND_AFTER_HOURS * HOUR_MS;
      if (suspension) {
        data.status = "suspended";
        data.statusReason = suspension.reason;
        data.statusChangedAt = now;
        data.keyCheckAt = new Date(now.getTime() + MIN_KEY_CHECK_WAIT_MS);
      } else if (now.getTime() - failingSince.getTime() >= suspendAfterMs) {
        data.status = "suspended";
        data.statusReason = suspendReason.failingTooLong;
        data.statusChangedAt = now;
        data.keyCheckAt = null;
      }
      if (data.status === "suspended") {
        // The dispatcher's doing, even during a POST /api/dispatch someone called: the system's.
        const target = { type: "stream" as const, id: streamId, name: stream.name };
        await recordAudit(
          {
            action: "stream.suspended",
            target,
            changes: { status: { from: "active", to: "suspended" }, reason: data.statusReason },
          },
          { tx, actor: SYSTEM_ACTOR },
        );
      }
    }
    if (Object.keys(data).length > 0) await tx.logStream.update({ where: { id: streamId }, data });
    for (const failure of failures) await insertFailure(tx, streamId, failure, now);
    const failed = failures.reduce((n, p) => n + p.items.length, 0);
    await countInMinute(tx, streamId, now, delivered, failed, delayed);
    if (data.status === "suspended") suspendedReason = data.statusReason as string;
  });
  for (const failure of failures) logFailureRecorded(streamId, failure);
  if (suspendedReason) logSuspended(streamId, suspendedReason);
}

import { AppError } from "@/lib/errors/app-error";
import { db } from "@/lib/db/client";
import type { DeliveryFailure } from "@/lib/db/models";
import { readPage } from "@/lib/db/page";

export type ApiFailure = {
  id: string;
  occurredAt: string;
  attempts: number;
  statusCode: number | null;
  error: string;
  eventCount: number;
  firstLogId: string;
  lastLogId: string;
  replayedAt: string | null;
  replayResult: "delivered" | "failed" | null;
  replayError: string | null;
};

/** Largest page the failures list returns at once. */
export const MAX_FAILURES_PAGE_SIZE = 100;
/** Deepest page number accepted: keeps the offset a small integer every database takes (retention keeps far fewer failures). */
export const MAX_FAILURES_PAGE = 100_000;

export function toApiFailure(row: DeliveryFailure): ApiFailure {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    attempts: row.attempts,
    statusCode: row.statusCode,
    error: row.error,
    eventCount: row.eventCount,
    firstLogId: row.firstLogId,
    lastLogId: row.lastLogId,
    replayedAt: row.replayedAt?.toISOString() ?? null,
    replayResult: (row.replayResult as ApiFailure["replayResult"]) ?? null,
    replayError: row.replayError,
  };
}

/** A stream's failures, newest first (0-based page, as Auth0's list endpoints). */
export async function listFailures(
  streamId: string,
  page = 0,
  perPage = 50,
): Promise<{ failures: DeliveryFailure[]; total: number }> {
  const where = { streamId };
  const { rows, total } = await readPage(
    page,
    perPage,
    (window) => db().deliveryFailure.findMany({ where, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], ...window }),
    () => db().deliveryFailure.count({ where }),
  );
  return { failures: rows, total };
}

export async function getFailureOrThrow(streamId: string, failureId: string): Promise<DeliveryFailure> {
  const failure = await db().deliveryFailure.findFirst({ where: { id: failureId, streamId } });
  if (!failure) throw new AppError("inexistent_failure", "The delivery failure does not exist");
  return failure;
}

/** Failures of a stream not yet replayed successfully (the "Retry all" set), oldest first. */
export async function listUnreplayedFailureIds(streamId: string): Promise<string[]> {
  const rows = await db().deliveryFailure.findMany({
    where: { streamId, OR: [{ replayResult: null }, { replayResult: "failed" }] },
    orderBy: { occurredAt: "asc" },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

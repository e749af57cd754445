import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { inChunks } from "@/lib/db/in-chunks";
import type { LogStream } from "@/lib/db/models";
import { batchItem, toUnpreparable, type BatchItem } from "./batch";
import { defaultDeliveryContext } from "./context";
import { targetOf } from "./hold";
import type { StoredEvent } from "@/lib/events/event-store";
import { concealerOf, type PiiConfig } from "./pii";
import { plural } from "@/lib/format/count";
import { formatTime } from "@/lib/format/time";
import { countInMinute, delayedCount } from "./record";
import { itemCount, sendableOf, sendBatch, type DeliveryContext, type Target } from "./send";

export type ReplayResult = { result: "delivered" | "failed"; statusCode: number | null; error: string | null };

/** A replay that was not started, and why; nothing was sent. */
export type ReplayRefusal = {
  result: "refused";
  reason: "stream_not_active" | "replay_in_progress" | "already_replayed";
  message: string;
};

/**
 * A replay's claim on its failure lapses after this, so a replay cut short by a crash does not block
 * the failure for good. Longer than a replay takes: four attempts of 30 s with waits of up to 2 min,
 * for each half of a split batch.
 */
const REPLAY_CLAIM_TTL_MS = 30 * 60_000;

/**
 * Claims a failure for one replay, atomically (a conditional UPDATE): refused while the stream is
 * paused or suspended, while another replay of it runs, or once a replay delivered it.
 */
export async function claimReplay(failureId: string, now: Date): Promise<ReplayRefusal | null> {
  const failure = await db().deliveryFailure.findUniqueOrThrow({
    where: { id: failureId },
    select: { stream: { select: { status: true } } },
  });
  const { status } = failure.stream;
  if (status !== "active") {
    const nextStep =
      status === "suspended" ? "fix the cause shown in Health (e.g. the API key), then resume it" : "resume it";
    return {
      result: "refused",
      reason: "stream_not_active",
      message: `The stream is ${status}: ${nextStep} before replaying its failures. Nothing was sent.`,
    };
  }
  const { count } = await db().deliveryFailure.updateMany({
    where: {
      id: failureId,
      AND: [
        { OR: [{ replayStartedAt: null }, { replayStartedAt: { lt: new Date(now.getTime() - REPLAY_CLAIM_TTL_MS) } }] },
        { OR: [{ replayResult: null }, { replayResult: "failed" }] },
      ],
    },
    data: { replayStartedAt: now },
  });
  if (count === 1) return null;
  const current = await db().deliveryFailure.findUniqueOrThrow({ where: { id: failureId } });
  return current.replayResult === "delivered"
    ? {
        result: "refused",
        reason: "already_replayed",
        message: `This failure was already replayed and delivered on ${formatTime(current.replayedAt!)}. Nothing was sent again.`,
      }
    : {
        result: "refused",
        reason: "replay_in_progress",
        message: `This failure is being replayed (started ${formatTime(current.replayStartedAt!)}). Nothing was sent again.`,
      };
}

/** A replay's items and target, or why they cannot be made: an event that cannot be prepared, an undecryptable secret. */
async function replayRequest(
  stream: LogStream,
  events: StoredEvent[],
  now: Date,
): Promise<{ items: BatchItem[]; target: Target } | { problem: string }> {
  let target: Target;
  try {
    target = targetOf(stream);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const conceal = await concealerOf((stream.piiConfig as PiiConfig | null) ?? null);
  const items: BatchItem[] = [];
  for (const event of events) {
    try {
      items.push(batchItem(event, { destination: target.destination, config: target.config, conceal, now }));
    } catch (error) {
      return { problem: toUnpreparable(event, error, target.destination).reason };
    }
  }
  return { items, target };
}

/**
 * Sends exactly a failure's events again, to the stream's current sink (key, region, endpoint…) and with its
 * current PII rule (same retries and splitting as live delivery), records the result on the
 * failure and releases the claim. Call it only after claimReplay gave the claim.
 */
export async function runClaimedReplay(
  failureId: string,
  ctx: DeliveryContext = defaultDeliveryContext(),
): Promise<ReplayResult> {
  let outcome: ReplayResult = {
    result: "failed",
    statusCode: null,
    error: "The replay stopped on an unexpected error",
  };
  try {
    const failure = await db().deliveryFailure.findUniqueOrThrow({
      where: { id: failureId },
      include: { stream: true },
    });
    const seqs = (JSON.parse(failure.eventSeqs) as string[])
      .map((seq) => BigInt(seq))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const events: StoredEvent[] = [];
    for (const chunk of inChunks(seqs))
      events.push(...(await db().event.findMany({ where: { seq: { in: chunk } }, orderBy: { seq: "asc" } })));
    if (events.length === 0) {
      outcome = {
        result: "failed",
        statusCode: null,
        error: "These events are past the retention period and can no longer be sent",
      };
      return outcome;
    }
    const request = await replayRequest(failure.stream, events, ctx.now());
    if ("problem" in request) {
      outcome = { result: "failed", statusCode: null, error: request.problem };
      return outcome;
    }
    const parts = await sendBatch(await sendableOf(request.items, request.target), request.target, ctx);
    const problem = parts.find((part) => part.kind === "failed" || part.kind === "suspended");
    const delivered = parts.filter((part) => part.kind === "delivered").reduce((n, part) => n + itemCount(part), 0);
    outcome = problem
      ? { result: "failed", statusCode: problem.status, error: problem.detail || `HTTP ${problem.status}` }
      : {
          result: "delivered",
          statusCode: 202,
          error:
            events.length < seqs.length
              ? `${plural(seqs.length - events.length, "event")} had passed the retention period`
              : null,
        };
    await db().$transaction((tx) => countInMinute(tx, failure.streamId, ctx.now(), delivered, 0, delayedCount(parts)));
    return outcome;
  } finally {
    await db().deliveryFailure.update({
      where: { id: failureId },
      data: { replayedAt: ctx.now(), replayResult: outcome.result, replayError: outcome.error, replayStartedAt: null },
    });
  }
}

/** A replay someone asked for: claims the failure (see claimReplay) and, once claimed, records the replay in the audit log. */
export async function requestReplay(failureId: string, now: Date): Promise<ReplayRefusal | null> {
  const refusal = await claimReplay(failureId, now);
  if (refusal) return refusal;
  const failure = await db().deliveryFailure.findUniqueOrThrow({
    where: { id: failureId },
    select: { eventCount: true, stream: { select: { id: true, name: true } } },
  });
  await recordAudit({
    action: "stream.failure_replayed",
    target: { type: "stream", ...failure.stream },
    changes: { failureId, eventCount: failure.eventCount },
  });
  return null;
}

/** Claims and replays a failure someone asked to replay (see requestReplay and runClaimedReplay). */
export async function replayFailure(
  failureId: string,
  ctx: DeliveryContext = defaultDeliveryContext(),
): Promise<ReplayResult | ReplayRefusal> {
  const refusal = await requestReplay(failureId, ctx.now());
  return refusal ?? runClaimedReplay(failureId, ctx);
}

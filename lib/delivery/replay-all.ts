import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors/app-error";
import { listUnreplayedFailureIds } from "@/lib/health/failures";
import { getStreamOrThrow } from "@/lib/streams/streams";
import { defaultDeliveryContext } from "./context";
import { claimReplay, runClaimedReplay } from "./replay";
import type { DeliveryContext } from "./send";

export type ReplayAllCounts = { delivered: number; failed: number; skipped: number };

/** "Retry all": replays every failure (one audit record for them all, with the counts, written once they are sent) of an active stream not yet delivered by a replay; one another replay holds is skipped. */
export async function replayAllFailures(
  streamId: string,
  ctx: DeliveryContext = defaultDeliveryContext(),
): Promise<ReplayAllCounts> {
  const stream = await getStreamOrThrow(streamId);
  if (stream.status !== "active")
    throw new AppError(
      "stream_not_active",
      `The stream is ${stream.status}: resume it before replaying its failures. Nothing was sent.`,
    );
  const counts: ReplayAllCounts = { delivered: 0, failed: 0, skipped: 0 };
  for (const failureId of await listUnreplayedFailureIds(streamId)) {
    const refusal = await claimReplay(failureId, ctx.now());
    const { result } = refusal ?? (await runClaimedReplay(failureId, ctx));
    counts[result === "refused" ? "skipped" : result] += 1;
  }
  await recordAudit({
    action: "stream.failures_retried",
    target: { type: "stream", id: stream.id, name: stream.name },
    changes: counts,
  });
  return counts;
}

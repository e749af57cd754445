import { db } from "@/lib/db/client";
import { inChunks } from "@/lib/db/in-chunks";
import { windowBounds } from "@/lib/events/datadog-window";

/**
 * Events a stream would send now older than Datadog's window, so without their date and marked
 * `log_streams.delayed`: what the dashboard warns about before Resume, Retry and Retry all.
 * (Events stored before dates were recorded beside them are not counted.)
 */
export async function countDelayedWaiting(streamId: string, now = new Date()): Promise<number> {
  const { cursor } = await db().logStream.findUniqueOrThrow({ where: { id: streamId }, select: { cursor: true } });
  return db().event.count({ where: { seq: { gt: cursor }, dateMs: { lt: BigInt(windowBounds(now).oldestMs) } } });
}

/** The same count for the events of the given failures (a replay sends exactly those). */
export async function countDelayedInFailures(failureIds: string[], now = new Date()): Promise<number> {
  const seqs: bigint[] = [];
  for (const ids of inChunks(failureIds)) {
    const failures = await db().deliveryFailure.findMany({ where: { id: { in: ids } }, select: { eventSeqs: true } });
    for (const failure of failures) seqs.push(...(JSON.parse(failure.eventSeqs) as string[]).map((seq) => BigInt(seq)));
  }
  const oldestMs = BigInt(windowBounds(now).oldestMs);
  let count = 0;
  for (const chunk of inChunks(seqs))
    count += await db().event.count({ where: { seq: { in: chunk }, dateMs: { lt: oldestMs } } });
  return count;
}

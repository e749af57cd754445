import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { waitAsLongAsItLastedMs } from "@/lib/retry/backoff";
import { targetOf } from "./hold";

/** A stream suspended for a rejected key asks its destination's credentials check (Datadog's key check) after 5 minutes, then after the suspension's age, so the wait doubles up to 1 hour. */
export const MIN_KEY_CHECK_WAIT_MS = 5 * 60_000;
export const MAX_KEY_CHECK_WAIT_MS = 60 * 60_000;

export function keyCheckWaitMs(suspendedAt: Date, now: Date): number {
  return waitAsLongAsItLastedMs({ firstMs: MIN_KEY_CHECK_WAIT_MS, maxMs: MAX_KEY_CHECK_WAIT_MS }, suspendedAt, now);
}

/**
 * Asks the destination's credentials check (Datadog's key check) for every stream suspended for
 * refused credentials whose check is due, and resumes each whose credentials are accepted again:
 * its cursor is untouched, so delivery goes on where it stopped. Each check is claimed by moving
 * `keyCheckAt` first, so two workers never ask twice. A destination without a check stays
 * suspended until its settings change. Returns how many streams were resumed.
 */
export async function healSuspendedStreams(now: Date): Promise<number> {
  const due = await db().logStream.findMany({
    where: { status: "suspended", keyCheckAt: { lte: now } },
    select: {
      id: true,
      name: true,
      type: true,
      region: true,
      apiKeyEncrypted: true,
      apiKeyLast4: true,
      datadogTags: true,
      sinkConfig: true,
      sinkSecretsEncrypted: true,
      keyCheckAt: true,
      statusChangedAt: true,
    },
  });
  let resumed = 0;
  for (const stream of due) {
    const nextCheckAt = new Date(now.getTime() + keyCheckWaitMs(stream.statusChangedAt, now));
    const { count } = await db().logStream.updateMany({
      where: { id: stream.id, status: "suspended", keyCheckAt: stream.keyCheckAt },
      data: { keyCheckAt: nextCheckAt },
    });
    if (count !== 1) continue;
    let target;
    try {
      target = targetOf(stream);
    } catch {
      continue; // Undecryptable: only entering the key again helps; Health says so once the stream is resumed.
    }
    const check = await target.destination.checkCredentials?.(target.config);
    if (check?.result !== "valid") continue;
    const reason = `${target.destination.label} accepted the credentials again`;
    const changed = await db().$transaction(async (tx) => {
      const { count } = await tx.logStream.updateMany({
        where: { id: stream.id, status: "suspended" },
        data: {
          status: "active",
          statusReason: null,
          statusChangedAt: now,
          failingSince: null,
          keyCheckAt: null,
          keyAcceptedAt: now,
        },
      });
      const auditTarget = { type: "stream" as const, id: stream.id, name: stream.name };
      if (count === 1)
        await recordAudit(
          {
            action: "stream.resumed",
            target: auditTarget,
            changes: { status: { from: "suspended", to: "active" }, reason },
          },
          { tx, actor: SYSTEM_ACTOR },
        );
      return count;
    });
    if (changed === 1) {
      resumed += 1;
      logger.info({ streamId: stream.id }, `stream resumed: ${reason}`);
    }
  }
  return resumed;
}

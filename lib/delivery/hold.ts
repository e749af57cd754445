import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/models";
import { destinationOf } from "@/lib/destinations/registry";
import type { SinkFields } from "@/lib/destinations/destination";
import { secretValuesOf, sinkOf, UnreadableSecretError, type SinkRow } from "@/lib/destinations/stored-sink";
import { waitAsLongAsItLastedMs, type WaitBounds } from "@/lib/retry/backoff";
import type { Target } from "./send";

/** A held stream is tried again after 1 s, then after the hold's age (so the wait doubles), at most every 5 minutes: a fixed secret is noticed soon. */
const HOLD_WAIT: WaitBounds = { firstMs: 1_000, maxMs: 5 * 60_000 };

export const UNDECRYPTABLE_KEY_REASON =
  "the stored API key cannot be decrypted: LOGSTREAMS_SECRET differs from the one it was saved with; restore it or enter the key again";
export const UNKNOWN_KEY_FORMAT_REASON =
  "the stored API key is in a format this version cannot read (saved by a newer version of Log Streams): run that version, or enter the key again";

/** Stops a stream's delivery pass with a reason meant for the stream's owner; nothing of the stream is skipped. */
export class StreamHeldError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "StreamHeldError";
  }
}

/** A stream's full sink (Auth0's field names, secrets in clear); a StreamHeldError when this process's secret cannot decrypt them. */
export function storedSinkOf(row: SinkRow): SinkFields {
  try {
    return sinkOf(row, destinationOf(row.type));
  } catch (error) {
    if (error instanceof UnreadableSecretError)
      throw new StreamHeldError(error.isKnownFormat ? UNDECRYPTABLE_KEY_REASON : UNKNOWN_KEY_FORMAT_REASON);
    throw error;
  }
}

/** Where a stream's batches go (see Target), built from its stored sink; a StreamHeldError as storedSinkOf. */
export function targetOf(row: SinkRow): Target {
  const destination = destinationOf(row.type);
  const sink = storedSinkOf(row);
  return {
    destination,
    config: destination.configOf(sink),
    secrets: secretValuesOf(sink, destination),
    streamId: row.id,
  };
}

/** What the Health banner says about a stream held after `error`. */
export function holdReasonOf(error: unknown): string {
  if (error instanceof StreamHeldError) return error.message;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `delivery stopped on an unexpected error (${message.slice(0, 300)}); it is retried automatically`;
}

/** How long a stream held since `heldSince` waits before its next try. */
export function holdWaitMs(heldSince: Date, now: Date): number {
  return waitAsLongAsItLastedMs(HOLD_WAIT, heldSince, now);
}

/**
 * Holds a stream back with `reason`: the dispatcher leaves it alone for a wait that grows with
 * the hold's age (see holdWaitMs). Its cursor and events are untouched.
 */
export async function holdStream(streamId: string, reason: string, now: Date): Promise<void> {
  const stream = await db().logStream.findUnique({ where: { id: streamId }, select: { heldSince: true } });
  if (!stream) return;
  const heldSince = stream.heldSince ?? now;
  await db().logStream.updateMany({
    where: { id: streamId },
    data: { heldReason: reason, heldSince, heldUntil: new Date(now.getTime() + holdWaitMs(heldSince, now)) },
  });
}

/** Clears a hold, written with the lease's release (lease.ts) once a pass went through. */
export const HOLD_CLEARED = Prisma.sql`, "heldReason" = NULL, "heldSince" = NULL, "heldUntil" = NULL`;

/** Lets every held stream be tried at once, e.g. when a process starts, perhaps with the right secret back. */
export async function endHoldWaits(): Promise<void> {
  await db().$executeRaw`UPDATE "LogStream" SET "heldUntil" = NULL WHERE "heldUntil" IS NOT NULL`;
}

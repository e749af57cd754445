import { decryptSecret, encryptSecret, UNBOUND_SECRET_PREFIX } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { maskApiKeysIn } from "@/lib/destinations/mask";

/**
 * Re-encrypts every API key stored before keys were bound to their stream (`v1.`) with its stream
 * id as additional data, after masking the key in the stream's failures (those recorded before
 * intake answers were masked may hold it). Run at start-up; idempotent, and safe beside another
 * process doing the same or a key being changed meanwhile (a row is rewritten only if its
 * ciphertext is unchanged). Returns how many rows were rewritten.
 */
export async function bindApiKeysToStreams(): Promise<number> {
  const streams = await db().logStream.findMany({
    where: { apiKeyEncrypted: { startsWith: UNBOUND_SECRET_PREFIX } },
    select: { id: true, apiKeyEncrypted: true },
  });
  let rewritten = 0;
  for (const stream of streams) {
    let apiKey: string;
    try {
      apiKey = decryptSecret(stream.apiKeyEncrypted, stream.id);
    } catch (error) {
      logger.error(
        { streamId: stream.id, err: error },
        "could not re-encrypt the stream's API key; enter the key again in Settings",
      );
      continue;
    }
    await maskKeyInFailures(stream.id, apiKey);
    const { count } = await db().logStream.updateMany({
      where: { id: stream.id, apiKeyEncrypted: stream.apiKeyEncrypted },
      data: { apiKeyEncrypted: encryptSecret(apiKey, stream.id) },
    });
    rewritten += count;
  }
  return rewritten;
}

async function maskKeyInFailures(streamId: string, apiKey: string): Promise<void> {
  const failures = await db().deliveryFailure.findMany({
    where: { streamId },
    select: { id: true, error: true, replayError: true },
  });
  for (const failure of failures) {
    const error = maskApiKeysIn(failure.error, apiKey);
    const replayError = failure.replayError === null ? null : maskApiKeysIn(failure.replayError, apiKey);
    if (error === failure.error && replayError === failure.replayError) continue;
    await db().deliveryFailure.update({ where: { id: failure.id }, data: { error, replayError } });
  }
}

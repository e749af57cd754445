import { regionSchema } from "@/lib/streams/schemas";
import type { Region } from "@/lib/streams/regions";
import { getStreamOrThrow } from "@/lib/streams/streams";
import { AppError } from "@/lib/errors/app-error";
import { decryptApiKey } from "./hold";

export type KeyChoice = { streamId?: string; apiKey?: string; region: string };

/** The key to try (Send test event, Check key): the one typed, or the stream's stored key when none is typed; with the region chosen. */
export async function resolveKeyToTry(input: KeyChoice): Promise<{ apiKey: string; region: Region }> {
  const region = regionSchema.parse(input.region);
  const typedKey = input.apiKey?.trim();
  if (typedKey) return { apiKey: typedKey, region };
  if (!input.streamId) throw new AppError("invalid_body", "Enter the API key first.");
  return { apiKey: decryptApiKey(await getStreamOrThrow(input.streamId)), region };
}

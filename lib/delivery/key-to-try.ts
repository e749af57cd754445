import { AppError } from "@/lib/errors/app-error";
import { getStreamOrThrow } from "@/lib/streams/streams";
import { storedSinkOf } from "./hold";

export type KeyChoice<Region extends string = string> = { streamId?: string; apiKey?: string; region: Region };

/** The Datadog key to try (Send test event, Check key): the one typed, or the stream's stored key when none is typed; with the region chosen. */
export async function resolveKeyToTry<Region extends string>(input: KeyChoice<Region>): Promise<{ apiKey: string; region: Region }> {
  const typedKey = input.apiKey?.trim();
  if (typedKey) return { apiKey: typedKey, region: input.region };
  if (!input.streamId) throw new AppError("invalid_body", "Enter the API key first.");
  return { apiKey: String(storedSinkOf(await getStreamOrThrow(input.streamId)).datadogApiKey), region: input.region };
}

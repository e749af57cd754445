import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { SinkFields } from "@/lib/destinations/destination";
import { destinationOf } from "@/lib/destinations/registry";
import { assertSecretsStayBound } from "@/lib/destinations/stored-sink";
import { getStreamOrThrow } from "@/lib/streams/streams";
import { storedSinkOf } from "./hold";

export type SinkChoice = { streamId?: string; type: string; sink: SinkFields };

/**
 * The full sink to try (Send test event, Check): the fields typed over the stream's stored sink when
 * `streamId` is given (a secret left out keeps the stored one), checked whole by the type's schema
 * (a ZodError at `sink.<field>`) and by the server's rules (Destination.sinkProblem).
 */
export async function sinkToTry(choice: SinkChoice): Promise<SinkFields> {
  const destination = destinationOf(choice.type);
  let stored: SinkFields = {};
  if (choice.streamId) {
    const stream = await getStreamOrThrow(choice.streamId);
    if (stream.type !== choice.type)
      throw new AppError(
        "invalid_body",
        `The stream is a ${destinationOf(stream.type).label} stream, not ${destination.label}.`,
      );
    stored = storedSinkOf(stream);
  }
  const sink = z.object({ sink: destination.sinkSchema }).parse({ sink: { ...stored, ...choice.sink } })
    .sink as SinkFields;
  if (choice.streamId) assertSecretsStayBound(destination, stored, sink, choice.sink);
  const problem = destination.sinkProblem?.(sink);
  if (problem) throw new AppError("invalid_body", problem);
  return sink;
}

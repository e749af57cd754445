import type { LogStream } from "@/lib/db/models";
import type { SinkFields } from "@/lib/destinations/destination";
import type { StreamType } from "@/lib/destinations/sinks";
import { publicSinkOf } from "@/lib/destinations/stored-sink";
import type { z } from "zod";
import type { filterSchema, piiConfigSchema, StreamStatus } from "./schemas";

export type ApiStream = {
  id: string;
  name: string;
  type: StreamType;
  status: StreamStatus;
  isPriority: boolean;
  filters: z.output<typeof filterSchema>[];
  pii_config?: z.output<typeof piiConfigSchema>;
  /** Auth0's field names for the type; every secret masked (lib/destinations/stored-sink.ts). */
  sink: SinkFields;
  startFrom?: string;
};

/** The single way a stream row leaves the server: secrets masked, dispatcher fields left out. */
export function toApiStream(row: LogStream): ApiStream {
  const stream: ApiStream = {
    id: row.id,
    name: row.name,
    type: row.type as StreamType,
    status: row.status as StreamStatus,
    isPriority: row.isPriority,
    filters: row.filters as ApiStream["filters"],
    sink: publicSinkOf(row),
  };
  if (row.piiConfig) stream.pii_config = row.piiConfig as ApiStream["pii_config"];
  if (row.startFrom) stream.startFrom = row.startFrom.toISOString();
  return stream;
}

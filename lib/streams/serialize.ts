import type { LogStream } from "@/lib/db/models";
import { maskApiKey } from "./mask";
import type { Region } from "./regions";
import type { z } from "zod";
import type { filterSchema, piiConfigSchema, StreamStatus } from "./schemas";

export type ApiStream = {
  id: string;
  name: string;
  type: "datadog";
  status: StreamStatus;
  isPriority: boolean;
  filters: z.output<typeof filterSchema>[];
  pii_config?: z.output<typeof piiConfigSchema>;
  sink: { datadogApiKey: string; datadogRegion: Region; datadogTags?: string };
  startFrom?: string;
};

/** The single way a stream row leaves the server: key masked, dispatcher fields left out. */
export function toApiStream(row: LogStream): ApiStream {
  const stream: ApiStream = {
    id: row.id,
    name: row.name,
    type: "datadog",
    status: row.status as StreamStatus,
    isPriority: row.isPriority,
    filters: row.filters as ApiStream["filters"],
    sink: { datadogApiKey: maskApiKey(row.apiKeyLast4), datadogRegion: row.region as Region },
  };
  if (row.datadogTags) stream.sink.datadogTags = row.datadogTags;
  if (row.piiConfig) stream.pii_config = row.piiConfig as ApiStream["pii_config"];
  if (row.startFrom) stream.startFrom = row.startFrom.toISOString();
  return stream;
}

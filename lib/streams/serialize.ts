import type { LogStream } from "@/lib/generated/sqlite/client";
import { maskApiKey } from "./mask";
import type { Region } from "./regions";
import type { StreamStatus } from "./schemas";

export type ApiStream = {
  id: string;
  name: string;
  type: "datadog";
  status: StreamStatus;
  isPriority: boolean;
  filters: { type: "category"; name: string }[];
  pii_config?: { log_fields: string[]; method: "mask" | "hash"; algorithm: "xxhash" };
  sink: { datadogApiKey: string; datadogRegion: Region };
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
  if (row.piiConfig) stream.pii_config = row.piiConfig as ApiStream["pii_config"];
  if (row.startFrom) stream.startFrom = row.startFrom.toISOString();
  return stream;
}

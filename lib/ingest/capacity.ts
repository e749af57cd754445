import { ApiError } from "@/lib/api/errors";

/**
 * The request bodies being read, waiting for the writer, parsed or stored at once, in bytes: room
 * for three full 5 MB bodies. The writer stores one body at a time (~25 ms per 5,000 events), so
 * one stored while the next is read keeps it busy; each more would only wait, in memory. A body
 * costs about twice its size while read, then its size until stored.
 */
export const INGEST_BYTES_IN_FLIGHT_LIMIT = 16 * 1024 * 1024;
/** The same count in bodies, for many small ones: each also holds a request, and a transaction of the writer's. */
export const INGEST_BODIES_IN_FLIGHT_LIMIT = 64;
/** What a refused sender is told to wait: the bodies in flight are stored well within it. */
export const INGEST_RETRY_AFTER_SECONDS = 1;

type InFlight = { bodies: number; bytes: number };

const globalForIngest = globalThis as unknown as { logStreamsIngestInFlight?: InFlight };

/**
 * Runs `ingest` (read, parse and store one body) within the limits above, holding `bytes` of them
 * until it ends. Beyond them it throws a 503 with Retry-After at once, before the body is read:
 * overload is answered, not buffered. Per process: each node has its own memory to protect.
 */
export async function withIngestCapacity<T>(bytes: number, ingest: () => Promise<T>): Promise<T> {
  const inFlight = (globalForIngest.logStreamsIngestInFlight ??= { bodies: 0, bytes: 0 });
  if (inFlight.bodies + 1 > INGEST_BODIES_IN_FLIGHT_LIMIT || inFlight.bytes + bytes > INGEST_BYTES_IN_FLIGHT_LIMIT) {
    throw new ApiError("service_unavailable", `Too many events are being stored at once; send this body again in ${INGEST_RETRY_AFTER_SECONDS} s`, INGEST_RETRY_AFTER_SECONDS);
  }
  inFlight.bodies += 1;
  inFlight.bytes += bytes;
  try {
    return await ingest();
  } finally {
    inFlight.bodies -= 1;
    inFlight.bytes -= bytes;
  }
}

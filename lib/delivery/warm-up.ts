import { destinationOf } from "@/lib/destinations/registry";
import { logger } from "@/lib/logger";
import { claimLease, streamLease } from "@/lib/leases/lease";
import { gzip } from "./send";

/** Past every event's seq (SQLite's are 64-bit): the joined read below finds nothing. */
const PAST_EVERY_EVENT = 2n ** 62n;
/** No stream has this id: claiming its lease changes no row. */
const NO_STREAM = "warm-up-no-stream";

/**
 * Runs a batch's first steps once as the server or a worker starts, reading, storing and sending nothing: the
 * joined read of a batch (its statement prepared, run on a range past every event), a lease claim
 * (Prisma's raw statement path; no row has the id) and a gzip (zlib on libuv's thread pool). The
 * first batch after `npm start` or `npm run worker` paid for them (profiled: ~0.1 s of the event loop).
 */
export async function warmUpDelivery(): Promise<void> {
  try {
    await destinationOf("datadog").readStoredBody?.(PAST_EVERY_EVENT, { ddtags: null }, new Date());
    await claimLease(streamLease(NO_STREAM), NO_STREAM, new Date(), 1);
    await gzip(Buffer.from(JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i, at: Date.now() })))));
  } catch (error) {
    logger.warn({ err: error }, "warming up delivery failed; the first batch will be slower");
  }
}

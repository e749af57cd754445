import { recordProgressOnSqlite } from "@/lib/delivery/record";
import { bodyText, parseIngestBody } from "@/lib/ingest/parse";
import { storeEvents } from "@/lib/ingest/store";
import { directSqlite } from "./sqlite-direct";
import type { WriterRequest } from "./sqlite-writer";

/** Carries out one of the writer thread's writes (see sqlite-writer.ts); there, or here should the thread not start. */
export async function runWrite(request: WriterRequest): Promise<unknown> {
  if (request.kind === "ingest") {
    const events = parseIngestBody(bodyText(request.body));
    // Lets the batch records that came in meanwhile go first: a stream waits for its record
    // before it sends more, so they must not wait behind a whole body (~9 ms to parse 5,000 events).
    await new Promise((resolve) => setImmediate(resolve));
    return storeEvents(events);
  }
  const { streamId, workerId, cursor, delivered, now } = request;
  return recordProgressOnSqlite(directSqlite()!, streamId, workerId, cursor, delivered, now);
}

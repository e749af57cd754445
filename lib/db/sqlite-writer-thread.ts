// Runs inside the SQLite writer thread (see sqlite-writer.ts).
import { parentPort } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import { recordProgressOnSqlite } from "@/lib/delivery/record";
import { parseIngestBody } from "@/lib/ingest/parse";
import { storeEvents } from "@/lib/ingest/store";
import { directSqlite } from "./sqlite-direct";
import type { WriterReply, WriterRequest } from "./sqlite-writer";

async function handle(request: WriterRequest): Promise<unknown> {
  if (request.kind === "ingest") {
    const { body } = request;
    const events = parseIngestBody(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
    // Lets the batch records that came in meanwhile go first: a stream waits for its record
    // before it sends more, so they must not wait behind a whole body (~15 ms to parse 5,000 events).
    await new Promise((resolve) => setImmediate(resolve));
    return storeEvents(events);
  }
  const { streamId, workerId, cursor, delivered, now } = request;
  return recordProgressOnSqlite(directSqlite()!, streamId, workerId, cursor, delivered, now);
}

parentPort!.on("message", async ({ id, request }: { id: number; request: WriterRequest }) => {
  let reply: WriterReply;
  try {
    reply = { id, result: await handle(request) };
  } catch (error) {
    const { name, message } = error as Error;
    reply = { id, error: { name, message, errorCode: error instanceof ApiError ? error.errorCode : undefined } };
  }
  parentPort!.postMessage(reply);
});

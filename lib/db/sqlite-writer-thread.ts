// Runs inside the SQLite writer thread (see sqlite-writer.ts).
import { parentPort } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import type { WriterReply, WriterRequest } from "./sqlite-writer";
import { runWrite } from "./sqlite-writes";

async function reply(id: number, request: WriterRequest): Promise<void> {
  let answer: WriterReply;
  try {
    answer = { id, result: await runWrite(request) };
  } catch (error) {
    const { name, message } = error as Error;
    answer = { id, error: { name, message, errorCode: error instanceof ApiError ? error.errorCode : undefined } };
  }
  parentPort!.postMessage(answer);
}

// Bodies are written one after another: a port hands over all its queued messages at once, so
// each body would otherwise be parsed while the ones before wait to be stored, every parsed body
// in memory together. Batch records, small, go in between (see runWrite).
let previousIngest = Promise.resolve();
parentPort!.on("message", ({ id, request }: { id: number; request: WriterRequest }) => {
  if (request.kind === "ingest") previousIngest = previousIngest.then(() => reply(id, request));
  else void reply(id, request);
});
parentPort!.postMessage("ready");

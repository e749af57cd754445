// Runs inside the SQLite writer thread (see sqlite-writer.ts).
import { parentPort } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import type { WriterReply, WriterRequest } from "./sqlite-writer";
import { runWrite } from "./sqlite-writes";

parentPort!.on("message", async ({ id, request }: { id: number; request: WriterRequest }) => {
  let reply: WriterReply;
  try {
    reply = { id, result: await runWrite(request) };
  } catch (error) {
    const { name, message } = error as Error;
    reply = { id, error: { name, message, errorCode: error instanceof ApiError ? error.errorCode : undefined } };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage("ready");

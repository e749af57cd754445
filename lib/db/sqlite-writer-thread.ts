import { parentPort } from "node:worker_threads";
import { logger } from "@/lib/logger";
import { directSqlite } from "./sqlite-direct";
import { toWriterError, writerJobNamed, type WriterMessage, type WriterReply } from "./sqlite-writer";

async function reply({ id, job: name, payload }: WriterMessage): Promise<void> {
  let answer: WriterReply;
  let transferred: ArrayBuffer[] = [];
  try {
    const job = writerJobNamed(name);
    if (!job) throw new Error(`No writer job named '${name}' is registered in the writer thread`);
    const result = await job.run(payload as never);
    transferred = job.transferResult?.(result as never) ?? [];
    answer = { id, result };
  } catch (error) {
    answer = { id, error: toWriterError(error) };
  }
  parentPort!.postMessage(answer, transferred);
}

/**
 * The writer thread's loop (see sqlite-writer.ts): runs each message's registered job and answers
 * with its result or error. In-order jobs wait for the one before: a port hands over all its queued
 * messages at once, so each ingested body would otherwise be parsed while the ones before wait to
 * be stored, every parsed body in memory together. Other jobs (batch records, small) go in between.
 * `warmUp` runs once the connection is open, before any message: jobs sent meanwhile wait for it.
 */
export async function serveWriterJobs(warmUp: () => Promise<void>): Promise<void> {
  let previousInOrder = Promise.resolve();
  parentPort!.on("message", (message: WriterMessage) => {
    if (writerJobNamed(message.job)?.isInOrder) previousInOrder = previousInOrder.then(() => reply(message));
    else void reply(message);
  });
  // Opened and warmed now rather than by the first job: that one is usually an ingested body someone
  // waits for (on PostgreSQL the thread only parses bodies, so it opens nothing).
  directSqlite();
  try {
    await warmUp();
  } catch (error) {
    logger.warn({ err: error }, "warming up the SQLite writer thread failed; the first writes will be slower");
  }
  parentPort!.postMessage("ready");
}

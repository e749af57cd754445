import path from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import { logger } from "@/lib/logger";

/** The writes the hot paths hand to the writer thread. */
export type WriterRequest =
  | { kind: "ingest"; body: Uint8Array }
  | { kind: "progress"; streamId: string; workerId: string; cursor: bigint; delivered: number; now: Date };
export type WriterReply = "ready" | ({ id: number } & ({ result: unknown } | { error: { name: string; message: string; errorCode?: ApiError["errorCode"] } }));

/** Bundled from sqlite-writer-thread.ts by `npm run build` (scripts/build-workers.mjs). */
const WRITER_THREAD_ENTRY = ["dist", "sqlite-writer-thread.mjs"];

/**
 * The writer thread's young generation, in MB: room for the garbage of two 5,000-event bodies
 * (~17 MB each to parse), so that scavenges fall between bodies, when all is garbage, instead of
 * copying a live parse tree (see docs/performance.md).
 */
const WRITER_YOUNG_GENERATION_MB = 192;

type Pending = { request: WriterRequest; resolve: (result: unknown) => void; reject: (error: Error) => void };
type WriterThread = { worker: Worker; pending: Map<number, Pending>; nextId: number; isReady: boolean };

const globalForWriter = globalThis as unknown as { logStreamsSqliteWriter?: WriterThread; isSqliteWriterUnavailable?: boolean };

/** Without the thread (it did not start), the same writes are done on the event loop. */
async function runHere(request: WriterRequest): Promise<unknown> {
  const { runWrite } = await import("./sqlite-writes");
  return runWrite(request);
}

function errorOf({ name, message, errorCode }: { name: string; message: string; errorCode?: ApiError["errorCode"] }): Error {
  if (errorCode) return new ApiError(errorCode, message);
  return Object.assign(new Error(message), { name });
}

function startWriterThread(): WriterThread {
  // Resolved from the working directory, the project's root for `npm start`, `npm run worker` and
  // the tests: Next's bundler must not follow it (the thread's code is bundled on its own).
  const worker = new Worker(path.resolve(...WRITER_THREAD_ENTRY), { resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB } });
  const thread: WriterThread = { worker, pending: new Map(), nextId: 1, isReady: false };
  globalForWriter.logStreamsSqliteWriter = thread;
  worker.unref();
  worker.on("message", (reply: WriterReply) => {
    if (reply === "ready") {
      thread.isReady = true;
      return;
    }
    const pending = thread.pending.get(reply.id);
    thread.pending.delete(reply.id);
    if ("result" in reply) pending?.resolve(reply.result);
    else pending?.reject(errorOf(reply.error));
  });
  const fail = (error: Error) => {
    if (globalForWriter.logStreamsSqliteWriter !== thread) return; // already reported ('error' comes before 'exit')
    globalForWriter.logStreamsSqliteWriter = undefined;
    if (!thread.isReady) {
      // It never started, so it did none of the writes: they, and all later ones, are done here.
      globalForWriter.isSqliteWriterUnavailable = true;
      logger.warn({ err: error }, "the SQLite writer thread did not start; SQLite writes are done on the event loop");
      for (const { request, resolve, reject } of thread.pending.values()) runHere(request).then(resolve, reject);
    } else {
      logger.error({ err: error }, "the SQLite writer thread stopped; the next write starts a new one");
      for (const pending of thread.pending.values()) pending.reject(new Error("The SQLite writer thread stopped before finishing the write; try again"));
    }
    thread.pending.clear();
  };
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`exited with code ${code}`)));
  return thread;
}

/**
 * An ingest body's memory, handed over to the thread rather than copied (~1 ms of the event loop
 * per 5 MB) when the body owns all of it: a small Buffer can share a pool with others.
 */
function transferableBody(request: WriterRequest): ArrayBuffer[] {
  if (request.kind !== "ingest") return [];
  const { buffer, byteOffset, byteLength } = request.body;
  const ownsItsMemory = buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength;
  return ownsItsMemory ? [buffer] : [];
}

/**
 * Runs a write on the SQLite writer thread: a thread of its own with its own connection, which
 * parses and stores ingested bodies and records delivered batches. The event loop, which
 * delivers, then neither does that work nor waits for SQLite's write lock: measured, ingesting
 * on the event loop made end-to-end throughput the sum of ingest and delivery times, and a
 * cursor update waiting there for an ingest's lock held up every stream.
 */
export function writeOnSqliteThread<T>(request: WriterRequest): Promise<T> {
  if (globalForWriter.isSqliteWriterUnavailable) return runHere(request) as Promise<T>;
  const thread = globalForWriter.logStreamsSqliteWriter ?? startWriterThread();
  const id = thread.nextId++;
  const result = new Promise<T>((resolve, reject) => thread.pending.set(id, { request, resolve: resolve as (value: unknown) => void, reject }));
  // Only to a thread that started: the writes sent before are done here again should it not start.
  thread.worker.postMessage({ id, request }, thread.isReady ? transferableBody(request) : []);
  return result;
}

import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode } from "@/lib/errors/app-error";
import { logger } from "@/lib/logger";
import { directSqlite } from "./sqlite-direct";

/**
 * A write the SQLite writer thread runs, registered by the domain module that owns it (the thread's
 * entry, bin/sqlite-writer-thread.ts, imports those modules). `isInOrder` jobs run one after
 * another; the others in between. `transfer` names memory of the payload handed over, not copied,
 * and `transferResult` memory of the result handed back.
 * `isOnPostgresToo` marks a job that needs no connection (parsing an ingested body): it runs on the
 * thread on PostgreSQL as well, off the event loop and in the thread's large young generation.
 */
export type WriterJob<P, R> = {
  name: string;
  run: (payload: P) => R | Promise<R>;
  isInOrder?: boolean;
  isOnPostgresToo?: boolean;
  transfer?: (payload: P) => ArrayBuffer[];
  transferResult?: (result: R) => ArrayBuffer[];
};

type AnyJob = WriterJob<never, unknown>;
export type WriterMessage = { id: number; job: string; payload: unknown };
export type WriterError = { name: string; message: string; code?: ErrorCode };
export type WriterReply = "ready" | ({ id: number } & ({ result: unknown } | { error: WriterError }));

/** Bundled from bin/sqlite-writer-thread.ts by `npm run build` (tools/build-workers.mjs). */
const WRITER_THREAD_ENTRY = ["dist", "sqlite-writer-thread.mjs"];

/**
 * The writer thread's young generation, in MB (three 32 MB semi-spaces' worth, as V8 counts it):
 * room for the garbage of about two 5,000-event bodies (~17 MB each to parse), so that most
 * scavenges fall between bodies instead of copying a live parse tree. Twice that (192) saved
 * little CPU and held ~64 MB more memory once both semi-spaces had been used (see
 * docs/performance.md).
 */
const WRITER_YOUNG_GENERATION_MB = 96;

type Pending = { job: AnyJob; payload: unknown; resolve: (result: unknown) => void; reject: (error: Error) => void };
type WriterThread = { worker: Worker; pending: Map<number, Pending>; nextId: number; isReady: boolean };

const globalForWriter = globalThis as unknown as {
  logStreamsSqliteWriter?: WriterThread;
  isSqliteWriterUnavailable?: boolean;
};

/** The jobs this thread's modules registered, by name: what the writer thread looks a message's job up in. */
const jobs = new Map<string, AnyJob>();

export function writerJobNamed(name: string): AnyJob | undefined {
  return jobs.get(name);
}

/** Without the thread (PostgreSQL, or it did not start), the same jobs are done on the event loop. */
async function runHere(job: AnyJob, payload: unknown): Promise<unknown> {
  return job.run(payload as never);
}

export function toWriterError(error: unknown): WriterError {
  const { name, message } = error as Error;
  return { name, message, code: error instanceof AppError ? error.code : undefined };
}

function errorOf({ name, message, code }: WriterError): Error {
  if (code) return new AppError(code, message);
  return Object.assign(new Error(message), { name });
}

function startWriterThread(): WriterThread {
  // Resolved from the working directory, the project's root for `npm start`, `npm run worker` and
  // the tests: Next's bundler must not follow it (the thread's code is bundled on its own).
  const worker = new Worker(path.resolve(...WRITER_THREAD_ENTRY), {
    resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
  });
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
      for (const { job, payload, resolve, reject } of thread.pending.values())
        runHere(job, payload).then(resolve, reject);
    } else {
      logger.error({ err: error }, "the SQLite writer thread stopped; the next write starts a new one");
      for (const pending of thread.pending.values())
        pending.reject(new Error("The SQLite writer thread stopped before finishing the write; try again"));
    }
    thread.pending.clear();
  };
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`exited with code ${code}`)));
  return thread;
}

/**
 * Runs a write on the SQLite writer thread: a thread of its own with its own connection (ingested
 * bodies, delivered batches). The event loop, which delivers, then neither does that work nor
 * waits for SQLite's write lock: measured, ingesting on the event loop made end-to-end throughput
 * the sum of ingest and delivery times, and a cursor update waiting there for an ingest's lock
 * held up every stream. PostgreSQL takes concurrent writers: there a job runs where it is called,
 * unless it is `isOnPostgresToo`.
 */
function runOnWriterThread<P, R>(job: WriterJob<P, R>, payload: P): Promise<R> {
  const anyJob = job as unknown as AnyJob;
  const isThreaded = job.isOnPostgresToo || directSqlite() !== null;
  if (!isThreaded || globalForWriter.isSqliteWriterUnavailable) return runHere(anyJob, payload) as Promise<R>;
  const thread = globalForWriter.logStreamsSqliteWriter ?? startWriterThread();
  const id = thread.nextId++;
  const result = new Promise<R>((resolve, reject) =>
    thread.pending.set(id, { job: anyJob, payload, resolve: resolve as (value: unknown) => void, reject }),
  );
  const message: WriterMessage = { id, job: job.name, payload };
  // Only to a thread that started: the writes sent before are done here again should it not start.
  thread.worker.postMessage(message, thread.isReady ? (job.transfer?.(payload) ?? []) : []);
  return result;
}

/**
 * Starts the writer thread ahead of the first write, at server start: loading its code and opening
 * its connection took ~0.5 s of CPU (profiled), which the first ingested body otherwise waited for.
 * On PostgreSQL only where bodies are ingested (`isIngesting`: the web server), for its parsing jobs.
 */
export function startSqliteWriter({ isIngesting = false } = {}): void {
  const isNeeded = directSqlite() !== null || isIngesting;
  if (isNeeded && !globalForWriter.isSqliteWriterUnavailable && !globalForWriter.logStreamsSqliteWriter)
    startWriterThread();
}

/** Registers `job` (so the writer thread can run it) and returns the function that runs it there. */
export function defineWriterJob<P, R>(job: WriterJob<P, R>): (payload: P) => Promise<R> {
  jobs.set(job.name, job as unknown as AnyJob);
  return (payload) => runOnWriterThread(job, payload);
}

import { EventEmitter } from "node:events";
import pg from "pg";
import { postgresPool } from "@/lib/db/client";
import { resolveDatabase } from "@/lib/db/database-url";
import { POSTGRES_WAIT_MS } from "@/lib/db/postgres-pool";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * The signal "work may be due": events were stored, or a stream was created or made active. A
 * dispatcher in this process hears it at once; on PostgreSQL, dispatchers in other processes (`npm
 * run worker`, other web nodes) hear it through LISTEN/NOTIFY. Each still polls for what a signal
 * missed (the dispatcher's POLL_INTERVAL_MS), which without it was their only way to learn of work.
 */
const WAKE_CHANNEL = "logstreams_wake";
/** After the listening connection is lost (a database outage, a restart), it is opened again this long after. */
const RELISTEN_MS = 5_000;

// On globalThis: Next bundles instrumentation and route handlers separately, each with its own module copy.
const globalForWake = globalThis as unknown as { logStreamsWake?: EventEmitter };
const signal = (globalForWake.logStreamsWake ??= new EventEmitter().setMaxListeners(0));

/**
 * Tells every dispatcher that work may be due: this process's at once, on PostgreSQL the others' by
 * a NOTIFY. `stream`: a stream was created or made active (rare: told at once); `events`: events
 * were stored (with every body: told at most every EVENTS_NOTIFY_SPACING_MS).
 */
export function wakeDispatchers(cause: "events" | "stream"): void {
  signal.emit("wake");
  const pool = postgresPool();
  if (!pool) return;
  if (cause === "stream") notifyNow(pool);
  else notifySoon(pool);
}

/**
 * Each NOTIFY has every listening dispatcher look for due streams (~1–1.5 ms of a worker's CPU, on
 * the cores that ingest: at 20 ms apart an idle worker took 0.6 ms per 1000 events ingested). Half
 * the poll's interval still starts delivery sooner than the poll would.
 */
const EVENTS_NOTIFY_SPACING_MS = 250;
const notify: { timer: NodeJS.Timeout | null; lastAt: number } = { timer: null, lastAt: 0 };

/** Through `pool` as taken by the caller: a pool ended meanwhile refuses it, where a new one would be opened. Without the database there is nothing to wake for. */
function notifyNow(pool: pg.Pool): void {
  notify.lastAt = Date.now();
  pool
    .query(`NOTIFY ${WAKE_CHANNEL}`)
    .catch((error: unknown) =>
      logger.debug({ err: error }, "could not notify other dispatchers; they find the work at their next poll"),
    );
}

/** A NOTIFY now, or EVENTS_NOTIFY_SPACING_MS after the last one, unless one is already due: it covers this wake too. */
function notifySoon(pool: pg.Pool): void {
  if (notify.timer) return;
  const waitMs = Math.max(0, notify.lastAt + EVENTS_NOTIFY_SPACING_MS - Date.now());
  notify.timer = setTimeout(() => {
    notify.timer = null;
    notifyNow(pool);
  }, waitMs);
  // A process ending need not wait for it.
  notify.timer.unref();
}

/** Calls `listener` at each wake (on PostgreSQL, other processes' too) until the returned stop is called. */
export function onWake(listener: () => void): () => Promise<void> {
  signal.on("wake", listener);
  const database = resolveDatabase(env().DATABASE_URL);
  const stopListening = database.kind === "postgres" ? listenOnPostgres(database.url, listener) : null;
  return async () => {
    signal.off("wake", listener);
    await stopListening?.();
  };
}

/**
 * LISTENs on a connection of its own (a pooled one would be handed to others), opened again
 * RELISTEN_MS after it is lost; once listening again, `listener` is called for what it missed.
 */
function listenOnPostgres(url: string, listener: () => void): () => Promise<void> {
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  let isStopped = false;
  let isLost = false;

  async function listen() {
    const candidate = new pg.Client({ connectionString: url, connectionTimeoutMillis: POSTGRES_WAIT_MS });
    client = candidate;
    candidate.on("notification", listener);
    // pg reports a connection lost while idle as an "error" event: unheard, it would end the process.
    candidate.on("error", (error) => lose(candidate, error));
    candidate.on("end", () => lose(candidate, null));
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${WAKE_CHANNEL}`);
    } catch (error) {
      lose(candidate, error);
      return;
    }
    if (isLost) logger.info("listening for other processes' wakes again");
    isLost = false;
    listener();
  }

  function lose(lost: pg.Client, error: unknown) {
    if (isStopped || client !== lost) return;
    client = null;
    lost.end().catch(() => undefined);
    // Info, not a warning: delivery goes on at the poll's pace, and an outage is logged once by the dispatcher.
    if (!isLost)
      logger.info({ err: error }, "not listening for other processes' wakes: polling only, until listening again");
    isLost = true;
    retry = setTimeout(() => void listen(), RELISTEN_MS);
  }

  void listen();
  return async () => {
    isStopped = true;
    clearTimeout(retry);
    const last = client;
    client = null;
    await last?.end().catch(() => undefined);
  };
}

import { AppError } from "@/lib/errors/app-error";

/**
 * The request bodies being read, waiting for the writer, parsed or stored at once, in bytes: room
 * for two full 5 MB bodies. The writer stores one body at a time (~25 ms per 5,000 events), so
 * one stored while the next is read keeps it busy; each more would only wait, in memory. A body
 * costs about twice its size while read, then its size until stored.
 */
export const INGEST_BYTES_IN_FLIGHT_LIMIT = 11 * 1024 * 1024;
/** The same count in bodies, for many small ones: each also holds a request, and a transaction of the writer's. */
export const INGEST_BODIES_IN_FLIGHT_LIMIT = 64;
/**
 * Requests that wait, unread, for room before they are refused: room comes back every few tens of
 * ms under load, and a waiting body costs its connection only, not its size. Without the wait,
 * room freed between two senders' retries went unused.
 */
export const INGEST_WAITING_LIMIT = 64;
/**
 * What one client address may hold of the limits above: one full body and a small one, or a
 * quarter of the bodies. So a sender alone, slow or stalled, cannot hold them all; beyond its share
 * it is refused at once, and waits for no one else's room.
 */
export const INGEST_BYTES_PER_CLIENT_LIMIT = 6 * 1024 * 1024;
export const INGEST_BODIES_PER_CLIENT_LIMIT = 16;
/**
 * A body must arrive within this grace plus its size at INGEST_MIN_BYTES_PER_SECOND, or it is
 * answered 408 and its room given back: 30 s for 5 MB, six times what a 1 MB/s link needs, and
 * 10 s for a small or stalled one (Node's own request timeout is 5 minutes).
 */
export const INGEST_READ_GRACE_MS = 10_000;
export const INGEST_MIN_BYTES_PER_SECOND = 256 * 1024;
/** How long a request waits for room. */
export const INGEST_WAIT_FOR_ROOM_MS = 1_000;
/** What a refused sender is told to wait: the bodies in flight and waiting are stored well within it. */
export const INGEST_RETRY_AFTER_SECONDS = 1;

/** How long reading a body of `bytes` may take (see INGEST_READ_GRACE_MS). */
export function ingestReadDeadlineMs(bytes: number): number {
  return INGEST_READ_GRACE_MS + Math.ceil((bytes / INGEST_MIN_BYTES_PER_SECOND) * 1000);
}

type Waiter = { bytes: number; admit: () => void };
type Held = { bodies: number; bytes: number };
type InFlight = Held & { waiting: Waiter[]; byClient: Map<string, Held> };

const globalForIngest = globalThis as unknown as { logStreamsIngestInFlight?: InFlight };

const refusal = () =>
  new AppError(
    "service_unavailable",
    `Too many events are being stored at once; send this body again in ${INGEST_RETRY_AFTER_SECONDS} s`,
    INGEST_RETRY_AFTER_SECONDS,
  );
const clientRefusal = () =>
  new AppError(
    "service_unavailable",
    `This address has too many bodies being read or stored at once; send this body again in ${INGEST_RETRY_AFTER_SECONDS} s`,
    INGEST_RETRY_AFTER_SECONDS,
  );

/** Counts `bytes` for `client`, admitted or waiting; throws when past its share. */
function claimClientShare(inFlight: InFlight, client: string, bytes: number): void {
  const held = inFlight.byClient.get(client) ?? { bodies: 0, bytes: 0 };
  if (held.bodies + 1 > INGEST_BODIES_PER_CLIENT_LIMIT || held.bytes + bytes > INGEST_BYTES_PER_CLIENT_LIMIT)
    throw clientRefusal();
  inFlight.byClient.set(client, { bodies: held.bodies + 1, bytes: held.bytes + bytes });
}

function releaseClientShare(inFlight: InFlight, client: string, bytes: number): void {
  const held = inFlight.byClient.get(client)!;
  if (held.bodies === 1) inFlight.byClient.delete(client);
  else inFlight.byClient.set(client, { bodies: held.bodies - 1, bytes: held.bytes - bytes });
}

function hasRoom(inFlight: InFlight, bytes: number): boolean {
  return inFlight.bodies + 1 <= INGEST_BODIES_IN_FLIGHT_LIMIT && inFlight.bytes + bytes <= INGEST_BYTES_IN_FLIGHT_LIMIT;
}

function take(inFlight: InFlight, bytes: number): void {
  inFlight.bodies += 1;
  inFlight.bytes += bytes;
}

/** Room for `bytes`, at once or after a wait in arrival order; a 503 when none comes in time. */
async function reserve(inFlight: InFlight, bytes: number): Promise<void> {
  if (inFlight.waiting.length === 0 && hasRoom(inFlight, bytes)) return take(inFlight, bytes);
  if (inFlight.waiting.length >= INGEST_WAITING_LIMIT) throw refusal();
  await new Promise<void>((resolve, reject) => {
    const waiter: Waiter = { bytes, admit: () => (clearTimeout(timer), resolve()) };
    const timer = setTimeout(() => {
      inFlight.waiting.splice(inFlight.waiting.indexOf(waiter), 1);
      reject(refusal());
    }, INGEST_WAIT_FOR_ROOM_MS);
    inFlight.waiting.push(waiter);
  });
}

function release(inFlight: InFlight, bytes: number): void {
  inFlight.bodies -= 1;
  inFlight.bytes -= bytes;
  for (let next = inFlight.waiting[0]; next && hasRoom(inFlight, next.bytes); next = inFlight.waiting[0]) {
    inFlight.waiting.shift();
    take(inFlight, next.bytes);
    next.admit();
  }
}

/**
 * Runs `ingest` (read, parse and store one body) within the limits above, holding `bytes` of them
 * until it ends, counted for `client` (its address) too. Beyond them, after a short wait (at once
 * past the client's share), it throws a 503 with Retry-After, the body still unread: overload is
 * answered, not buffered. Per process: each node has its own memory to protect.
 */
export async function withIngestCapacity<T>(bytes: number, client: string, ingest: () => Promise<T>): Promise<T> {
  const inFlight = (globalForIngest.logStreamsIngestInFlight ??= {
    bodies: 0,
    bytes: 0,
    waiting: [],
    byClient: new Map(),
  });
  claimClientShare(inFlight, client, bytes);
  try {
    await reserve(inFlight, bytes);
    try {
      return await ingest();
    } finally {
      release(inFlight, bytes);
    }
  } finally {
    releaseClientShare(inFlight, client, bytes);
  }
}

import { directSqlite } from "@/lib/db/sqlite-direct";
import type { AlsoInTransaction } from "@/lib/events/event-store";
import { storeEvents } from "@/lib/events/store";
import { makeCopyDataOf } from "./ingest";
import { parsedIngestBody } from "./parse";

/**
 * Warm-up bodies and their size: enough calls for V8 to optimise the parse, the items and the
 * insert loop (measured: the first 50,000 events after a start cost the writer thread ~0.6 s more
 * CPU than the next 50,000 without it), little enough to take well under a second at start.
 */
const WARM_UP_BODIES = 4;
const WARM_UP_EVENTS_PER_BODY = 1_000;

/** Shapes of the usual Auth0 events (a login, a failed one, a token exchange), so JSON.parse meets their keys before the first body does. */
const SAMPLE_EVENTS = [
  {
    type: "s",
    description: "Successful login",
    connection: "Username-Password-Authentication",
    connection_id: "con_0000000000000000",
    client_id: "00000000000000000000000000000000",
    client_name: "Warm-up",
    ip: "192.0.2.1",
    user_agent: "Chrome 120.0.0 / Mac OS X 10.15.7",
    details: { prompts: [{ name: "login", elapsedTime: 1 }], session_id: "warm-up", stats: { loginsCount: 1 } },
    hostname: "warm-up.example.com",
    user_id: "auth0|000000000000000000000000",
    user_name: "warm-up@example.com",
    strategy: "auth0",
    strategy_type: "database",
  },
  {
    type: "f",
    description: "Wrong email or password.",
    connection: "Username-Password-Authentication",
    client_id: "00000000000000000000000000000000",
    client_name: "Warm-up",
    ip: "2001:db8::1",
    user_agent: "Firefox 121.0.0 / Windows 10.0.0",
    details: { error: { message: "Wrong email or password." } },
    user_name: "warm-up@example.com",
  },
  {
    type: "seccft",
    description: "Client Credentials for Access Token",
    client_id: "00000000000000000000000000000000",
    client_name: "Warm-up",
    ip: "198.51.100.1",
    user_agent: "node-fetch/1.0",
    details: null,
    hostname: "warm-up.example.com",
    audience: "https://warm-up.example.com/api",
    scope: null,
  },
];

/** Throws inside the warm-up's transactions, so they roll back: nothing of the warm-up is stored or counted. */
class WarmUpRollback extends Error {}
const rollBack: AlsoInTransaction = {
  onSqlite() {
    throw new WarmUpRollback();
  },
  async onPostgres() {
    throw new WarmUpRollback();
  },
};

function sampleBody(round: number): Uint8Array {
  const date = new Date().toISOString();
  const events = Array.from({ length: WARM_UP_EVENTS_PER_BODY }, (_, i) => {
    const logId = `warm-up-${round}-${i}`;
    return { log_id: logId, data: { date, ...SAMPLE_EVENTS[i % SAMPLE_EVENTS.length], log_id: logId } };
  });
  return Buffer.from(JSON.stringify(events));
}

/**
 * Runs a few sample bodies through the writer thread's part of ingestion as it starts: on SQLite
 * parsed and "stored", each in a transaction rolled back; on PostgreSQL read into COPY data, whose
 * memory is kept for the first bodies' parts (the thread makes them, the event loop copies them
 * in). V8 optimises the ingest path, the thread's heap grows to its working size and SQLite's
 * insert statements are prepared before the first real body, which would otherwise pay for all of it.
 */
export async function warmUpIngest(): Promise<void> {
  const isOnSqlite = directSqlite() !== null;
  for (let round = 0; round < WARM_UP_BODIES; round++) {
    if (!isOnSqlite) {
      makeCopyDataOf(sampleBody(round));
      continue;
    }
    try {
      await storeEvents(parsedIngestBody(sampleBody(round)), new Date(), rollBack);
    } catch (error) {
      if (!(error instanceof WarmUpRollback)) throw error;
    }
  }
}

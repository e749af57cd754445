import { directSqlite } from "@/lib/db/sqlite-direct";
import { writeOnSqliteThread } from "@/lib/db/sqlite-writer";
import { bodyText, parseIngestBody } from "./parse";
import { storeEvents, type StoreResult } from "./store";

/** Parses and stores one request body (parseIngestBody, storeEvents): on SQLite on the writer thread. */
export async function ingestBody(body: Buffer): Promise<StoreResult> {
  if (directSqlite()) return writeOnSqliteThread<StoreResult>({ kind: "ingest", body });
  return storeEvents(parseIngestBody(bodyText(body)));
}

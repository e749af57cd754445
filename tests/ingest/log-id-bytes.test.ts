// log_ids are unique by their bytes on both databases: SQLite compares them as BINARY, PostgreSQL in
// the "C" collation since the event_log_id_bytes migration (its unique index compares by memcmp, not by
// the database's collation: docs/performance.md). Upgrading keeps the stored events and dedupes against them.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { itemText } from "@/lib/events/item-json";
import { parseIngestBody } from "@/lib/ingest/parse";
import { uniqueEvents } from "../support/delivery";
import { createDatabaseBefore } from "../support/legacy-database";

const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);

describe("log_ids after the event_log_id_bytes migration", () => {
  it("keep the events stored before, compare by their bytes, and a body sent again is stored but for them", async () => {
    const legacy = await createDatabaseBefore("event_log_id_bytes");
    // Distinct as bytes, alike to a reader: case, and é composed (NFC) or not (NFD).
    const ids = ["bytes-a", "bytes-A", "bytes-\u00e9", "bytes-e\u0301"];
    const [storedA, storedB, freshA, freshB] = uniqueEvents(4).map((event, i) => ({
      log_id: ids[i]!,
      data: { ...event.data, log_id: ids[i]! },
    }));
    const rowsOf = (events: unknown[]) => parseIngestBody(JSON.stringify(events));
    for (const row of rowsOf([storedA, storedB]))
      await legacy.query(`INSERT INTO "Event" ("logId", "type", "item", "dateMs") VALUES (?, ?, ?, ?)`, [
        row.logId,
        row.type,
        itemText(row.item),
        row.dateMs,
      ]);
    await legacy.upgrade();

    if (isPostgres) {
      const [column] = await legacy.query(
        `SELECT "collation_name" FROM "information_schema"."columns" WHERE "table_name" = 'Event' AND "column_name" = 'logId'`,
      );
      expect(column).toEqual({ collation_name: "C" });
    }
    process.env.DATABASE_URL = legacy.database.url;
    process.env.LOGSTREAMS_SECRET = crypto.randomBytes(32).toString("hex");
    process.env.LOG_LEVEL = "silent";
    const { storeEvents } = await import("@/lib/events/store");
    expect(await storeEvents(rowsOf([freshA, storedB, freshB, storedA]))).toEqual({ accepted: 2, duplicates: 2 });
    expect(await storeEvents(rowsOf([storedA, freshB]))).toEqual({ accepted: 0, duplicates: 2 });
    const stored = await legacy.query(`SELECT "logId" FROM "Event" ORDER BY "seq"`);
    expect(stored.map((row) => row.logId)).toEqual(ids);
  });
});

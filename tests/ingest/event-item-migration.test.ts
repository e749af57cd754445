// Upgrading keeps every stored event: the event_item migration builds the Datadog item of each
// event stored before it, as ingestion builds it now, and never hands out a seq a second time
// (a stream's cursor may already be past a pruned seq).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { itemJson, messageOf } from "@/lib/events/item-json";
import { ROOT } from "../support/app-server";
import { fixtureEvents } from "../support/delivery";

const migration = (folder: string, name: string) =>
  fs.readFileSync(path.join(ROOT, folder, name, "migration.sql"), "utf8");
const INIT = "20261125000000_init";
const EVENT_ITEM = "20261201000000_event_item";

/** Two fixture events as the init schema stored them, the second without date and hostname. */
function oldRows() {
  const [login, other] = fixtureEvents();
  return [login!, { ...other!, data: { ...other!.data, date: undefined, hostname: undefined } }].map(
    ({ log_id, data }, index) => {
      const type = String(data.type);
      const row = {
        seq: index + 1,
        logId: log_id,
        type,
        data: JSON.stringify(data),
        message: messageOf(data, type),
        date: data.date ?? null,
        hostname: data.hostname ?? null,
      };
      return { row, expectedItem: JSON.parse(itemJson(log_id, JSON.parse(row.data))) };
    },
  );
}

describe("the event_item migration", () => {
  it("on SQLite builds each stored event's item and keeps the seq sequence", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-migration-")), "old.db");
    const db = new Sqlite(file);
    db.exec(migration("prisma/migrations", INIT));
    const insert = db.prepare(
      `INSERT INTO "Event" ("seq", "logId", "type", "data", "message", "date", "hostname") VALUES (@seq, @logId, @type, @data, @message, @date, @hostname)`,
    );
    const rows = oldRows();
    for (const { row } of rows) insert.run(row);
    insert.run({ ...rows[0]!.row, seq: 3, logId: "pruned" });
    db.prepare(`DELETE FROM "Event" WHERE "seq" = 3`).run();

    db.exec(migration("prisma/migrations", EVENT_ITEM));

    const migrated = db.prepare(`SELECT "seq", "logId", "type", "item" FROM "Event" ORDER BY "seq"`).all() as {
      seq: number;
      logId: string;
      type: string;
      item: string;
    }[];
    expect(migrated.map(({ seq, logId, type }) => ({ seq, logId, type }))).toEqual(
      rows.map(({ row }) => ({ seq: row.seq, logId: row.logId, type: row.type })),
    );
    expect(migrated.map((row) => JSON.parse(row.item))).toEqual(rows.map((r) => r.expectedItem));
    const next = db.prepare(`INSERT INTO "Event" ("logId", "type", "item") VALUES ('new', 's', '{}')`).run();
    expect(Number(next.lastInsertRowid)).toBe(4);
    db.close();
  });

  it.skipIf(!process.env.LOGSTREAMS_TEST_PG_URL)("on PostgreSQL builds each stored event's item", async () => {
    const adminUrl = process.env.LOGSTREAMS_TEST_PG_URL!;
    const name = `logstreams_migration_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const client = new pg.Client({
      connectionString: Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString(),
    });
    await client.connect();
    try {
      await client.query(migration("prisma/postgres/migrations", INIT));
      const rows = oldRows();
      for (const { row } of rows) {
        await client.query(
          `INSERT INTO "Event" ("seq", "logId", "type", "data", "message", "date", "hostname") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          Object.values(row),
        );
      }
      await client.query(migration("prisma/postgres/migrations", EVENT_ITEM));
      const { rows: migrated } = await client.query(`SELECT "logId", "item" FROM "Event" ORDER BY "seq"`);
      expect(migrated.map((row) => row.logId)).toEqual(rows.map(({ row }) => row.logId));
      expect(migrated.map((row) => JSON.parse(row.item))).toEqual(rows.map((r) => r.expectedItem));
    } finally {
      await client.end();
      await admin.query(`DROP DATABASE "${name}"`);
      await admin.end();
    }
  });
});

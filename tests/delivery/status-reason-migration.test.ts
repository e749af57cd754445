// Upgrading drops the formatted time older versions wrote into a suspended stream's statusReason:
// the Health banner now writes statusChangedAt and failingSince itself, in the UI's one format.
import fs from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { suspendReason } from "@/lib/delivery/record";
import { datadogDestination } from "@/lib/destinations/datadog";
import { ROOT, createTempDatabase } from "../support/app-server";

const MIGRATION = "20261203090000_status_reason_without_time";

/** Reasons as earlier versions stored them, and what each reads after the migration. */
const REASONS: [stored: string | null, migrated: string | null][] = [
  [
    "Datadog rejected the API key (403) on 24 Nov 10:02 UTC — update the key in Settings",
    datadogDestination.refusedReason(403),
  ],
  [
    "Datadog rejected the API key (401) on 3 Jan 23:59 UTC — update the key in Settings",
    datadogDestination.refusedReason(401),
  ],
  [
    "Suspended automatically: deliveries have failed since 17 Nov 08:00 UTC — check the failures below, then Resume",
    suspendReason.failingTooLong,
  ],
  [datadogDestination.refusedReason(403), datadogDestination.refusedReason(403)],
  ["Suspended by hand", "Suspended by hand"],
  [null, null],
];

type Sql = { run: (sql: string, params?: unknown[]) => Promise<unknown[]>; close: () => Promise<void> };

async function connect(url: string): Promise<Sql> {
  if (url.startsWith("file:")) {
    const sqlite = new Sqlite(url.replace(/^file:/, ""));
    return {
      run: async (sql, params = []) =>
        /^\s*SELECT/i.test(sql) ? sqlite.prepare(sql).all(...params) : (sqlite.exec(sql), []),
      close: async () => void sqlite.close(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { run: async (sql, params) => (await client.query(sql, params)).rows, close: () => client.end() };
}

describe("the status_reason_without_time migration", () => {
  it("rewrites the suspend reasons that held a formatted time and leaves the others alone", async () => {
    const database = await createTempDatabase();
    const folder = database.kind === "sqlite" ? "prisma/migrations" : "prisma/postgres/migrations";
    const sql = await connect(database.url);
    try {
      const quote = (text: string | null) => (text === null ? "NULL" : `'${text.replaceAll("'", "''")}'`);
      const rows = REASONS.map(
        ([stored], i) =>
          `('lst_migration_${i}', 'migration ${i}', 'datadog', 'suspended', ${quote(stored)}, '[]', 'us', 'ciphertext', 'abcd', CURRENT_TIMESTAMP)`,
      );
      await sql.run(
        `INSERT INTO "LogStream" ("id", "name", "type", "status", "statusReason", "filters", "region", "apiKeyEncrypted", "apiKeyLast4", "updatedAt") VALUES ${rows.join(", ")}`,
      );

      await sql.run(fs.readFileSync(path.join(ROOT, folder, MIGRATION, "migration.sql"), "utf8"));

      const migrated = (await sql.run(
        `SELECT "id", "statusReason" FROM "LogStream" WHERE "id" LIKE 'lst_migration_%' ORDER BY "id"`,
      )) as { statusReason: string | null }[];
      expect(migrated.map((row) => row.statusReason)).toEqual(REASONS.map(([, expected]) => expected));
    } finally {
      await sql.close();
    }
  });

  it("is the same SQL for SQLite and PostgreSQL", () => {
    const read = (folder: string) => fs.readFileSync(path.join(ROOT, folder, MIGRATION, "migration.sql"), "utf8");
    expect(read("prisma/postgres/migrations")).toBe(read("prisma/migrations"));
  });
});

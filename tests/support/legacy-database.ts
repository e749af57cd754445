import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { ROOT, runPrisma, type TempDatabase } from "./app-server";

/** The table `prisma migrate deploy` keeps, as it creates it on each database. */
const MIGRATIONS_TABLE = {
  sqlite: `CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgres: `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};

/** A database as an older release left it, and a way to write into it with that release's schema. */
export type LegacyDatabase = {
  database: TempDatabase;
  /** Runs one statement (`?` placeholders on both databases); its rows, if any. */
  query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  upgrade: () => Promise<void>;
};

/**
 * A fresh database migrated, the way `prisma migrate deploy` records it, only up to the migration
 * before the one whose name ends in `_${firstNew}` (names, not timestamps, so renamed folders still
 * match): the last release before that change. `upgrade()` applies the rest, as `npm start` does.
 * SQLite, or PostgreSQL when LOGSTREAMS_TEST_PG_URL names a cluster.
 */
export async function createDatabaseBefore(firstNew: string): Promise<LegacyDatabase> {
  const pgAdminUrl = process.env.LOGSTREAMS_TEST_PG_URL;
  const folder = path.join(ROOT, "prisma", ...(pgAdminUrl ? ["postgres", "migrations"] : ["migrations"]));
  const names = fs
    .readdirSync(folder)
    .filter((name) => fs.existsSync(path.join(folder, name, "migration.sql")))
    .sort();
  const cut = names.findIndex((name) => name.endsWith(`_${firstNew}`));
  if (cut < 0) throw new Error(`no migration named *_${firstNew}`);
  const old = names
    .slice(0, cut)
    .map((name) => ({ name, sql: fs.readFileSync(path.join(folder, name, "migration.sql"), "utf8") }));
  const checksum = (sql: string) => crypto.createHash("sha256").update(sql).digest("hex");

  if (!pgAdminUrl) {
    const filePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-legacy-")), "logstreams.db");
    const sqlite = new Sqlite(filePath);
    sqlite.exec(MIGRATIONS_TABLE.sqlite);
    const record = sqlite.prepare(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES (?, ?, ?, ?, ?, 1)`,
    );
    for (const { name, sql } of old) {
      sqlite.exec(sql);
      const at = new Date().toISOString().replace("Z", "+00:00");
      record.run(crypto.randomUUID(), checksum(sql), name, at, at);
    }
    sqlite.close();
    const database: TempDatabase = { kind: "sqlite", url: `file:${filePath}`, filePath };
    return {
      database,
      query: async (sql, params = []) => {
        const connection = new Sqlite(filePath);
        try {
          const statement = connection.prepare(sql);
          return statement.reader
            ? (statement.all(...params) as Record<string, unknown>[])
            : (statement.run(...params), []);
        } finally {
          connection.close();
        }
      },
      upgrade: () => runPrisma(["migrate", "deploy"], { DATABASE_URL: database.url }),
    };
  }

  const name = `logstreams_legacy_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = Object.assign(new URL(pgAdminUrl), { pathname: `/${name}` }).toString();
  const withClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  await withClient(async (client) => {
    await client.query(MIGRATIONS_TABLE.postgres);
    for (const migration of old) {
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES ($1, $2, $3, now(), now(), 1)`,
        [crypto.randomUUID(), checksum(migration.sql), migration.name],
      );
    }
  });
  const database: TempDatabase = { kind: "postgres", url };
  return {
    database,
    query: (sql, params = []) => {
      let placeholder = 0;
      return withClient(
        async (client) =>
          (
            await client.query(
              sql.replace(/\?/g, () => `$${++placeholder}`),
              params,
            )
          ).rows,
      );
    },
    upgrade: () => runPrisma(["migrate", "deploy"], { DATABASE_URL: url }),
  };
}

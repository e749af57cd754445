// Upgrading from a release whose migration folders had other names (RENAMED_MIGRATIONS): `npm start`
// renames the applied rows, then `prisma migrate deploy` finds nothing to apply and the data stays.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { RENAMED_MIGRATIONS } from "@/lib/db/migration-renames";
import { createTempDatabase, freePort, ROOT, TEST_DIST_DIR } from "../support/app-server";

type Row = Record<string, unknown>;

/** Runs one statement on the test's database (SQLite file or PostgreSQL) and returns its rows. */
async function query(databaseUrl: string, sql: string): Promise<Row[]> {
  if (databaseUrl.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Row[];
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(databaseUrl.replace(/^file:/, ""));
  try {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all() as Row[];
    statement.run();
    return [];
  } finally {
    db.close();
  }
}

const appliedMigrations = (databaseUrl: string) =>
  query(
    databaseUrl,
    `SELECT id, migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`,
  );

/** A database no migration has touched: a new SQLite file, or a new database on the test's PostgreSQL cluster. */
async function emptyDatabaseUrl(): Promise<string> {
  const adminUrl = process.env.LOGSTREAMS_TEST_PG_URL;
  if (!adminUrl)
    return `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-fresh-")), "logstreams.db")}`;
  const name = `logstreams_fresh_${crypto.randomBytes(4).toString("hex")}`;
  await query(adminUrl, `CREATE DATABASE "${name}"`);
  return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
}

/** `npm start` (bin/start.mjs) on the test build until /healthz answers 200; returns what it printed. */
async function npmStart(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ["bin/start.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      ...env,
      NEXT_DIST_DIR: TEST_DIST_DIR,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: start.mjs runs `next start` as a child
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return output;
      if (Date.now() > deadline) throw new Error(`npm start did not become healthy:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
  }
}

const START_ENV = { LOGSTREAMS_WORKER: "off", LOGSTREAMS_SECRET: "s".repeat(40) };

describe("npm start's migration step", () => {
  it("migrates a database never migrated, with nothing to rename", async () => {
    const databaseUrl = await emptyDatabaseUrl();

    const output = await npmStart({ DATABASE_URL: databaseUrl, ...START_ENV });

    expect(output).not.toContain("Renamed");
    const folders = fs
      .readdirSync(
        path.join(ROOT, databaseUrl.startsWith("postgres") ? "prisma/postgres/migrations" : "prisma/migrations"),
      )
      .filter((name) => !name.endsWith(".toml"));
    expect((await appliedMigrations(databaseUrl)).map((row) => row.migration_name)).toEqual(folders.sort());
  }, 180_000);

  it("renames the migrations a database applied under their old names, applies none again and keeps the data", async () => {
    const database = await createTempDatabase();
    for (const [oldName, newName] of Object.entries(RENAMED_MIGRATIONS)) {
      await query(
        database.url,
        `UPDATE _prisma_migrations SET migration_name = '${oldName}' WHERE migration_name = '${newName}'`,
      );
    }
    await query(database.url, `INSERT INTO "Event" ("logId", "type", "item") VALUES ('before-upgrade', 's', '{}')`);
    const before = await appliedMigrations(database.url);
    expect(before.map((row) => row.migration_name)).toEqual(expect.arrayContaining(Object.keys(RENAMED_MIGRATIONS)));

    const output = await npmStart({ DATABASE_URL: database.url, ...START_ENV });

    expect(output).toContain(`Renamed ${Object.keys(RENAMED_MIGRATIONS).length} applied migration(s)`);
    expect(output).toContain("No pending migrations to apply");
    const renamed = (name: unknown) => RENAMED_MIGRATIONS[String(name)] ?? name;
    const expected = before.map((row) => ({ ...row, migration_name: renamed(row.migration_name) }));
    const byId = (a: Row, b: Row) => String(a.id).localeCompare(String(b.id));
    expect((await appliedMigrations(database.url)).sort(byId)).toEqual(expected.sort(byId));
    expect(await query(database.url, `SELECT "logId", "item" FROM "Event" WHERE "logId" = 'before-upgrade'`)).toEqual([
      { logId: "before-upgrade", item: "{}" },
    ]);
  }, 180_000);
});

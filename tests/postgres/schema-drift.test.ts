import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA_FILE, SQLITE_SCHEMA_FILE, toPostgresSchema } from "@/tools/postgres-schema";
import { ROOT, createTempDatabase, runPrisma } from "../support/app-server";

const isPostgres = Boolean(process.env.LOGSTREAMS_TEST_PG_URL);
if (!isPostgres)
  console.log(
    "schema drift test: PostgreSQL's migrations are checked in npm test's PostgreSQL pass (LOGSTREAMS_TEST_DATABASE=postgres)",
  );

async function prismaStdout(args: string[], databaseUrl: string): Promise<string> {
  const cli = path.join(ROOT, "node_modules/prisma/build/index.js");
  const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 10_000_000,
  });
  return stdout;
}

/**
 * What a migrated database really holds, as a Prisma schema (`db pull`), diffed against the
 * committed schema: the SQL that would turn one into the other, empty when they agree.
 */
async function driftOfMigratedDatabase(
  databaseUrl: string,
  schemaFile: string,
  adjust = (pulled: string) => pulled,
): Promise<string> {
  const printed = await prismaStdout(["db", "pull", "--print"], databaseUrl);
  const pulled = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-pulled-")), "schema.prisma");
  fs.writeFileSync(pulled, adjust(printed.slice(printed.indexOf("generator client"))));
  const diff = await prismaStdout(
    ["migrate", "diff", "--from-schema-datamodel", pulled, "--to-schema-datamodel", schemaFile, "--script"],
    databaseUrl,
  );
  return diff.replace(/^-- This is an empty migration\.\s*$/m, "").trim();
}

describe("prisma/schema.prisma, for SQLite and PostgreSQL", () => {
  it("has the generated PostgreSQL schema up to date (npm run db:generate writes it)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA_FILE, "utf8")).toBe(
      toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA_FILE, "utf8")),
    );
  });

  it("has migrations for each provider, under the same names", () => {
    for (const [dir, provider] of [
      ["prisma/migrations", "sqlite"],
      ["prisma/postgres/migrations", "postgresql"],
    ] as const) {
      expect(fs.readFileSync(path.join(ROOT, dir, "migration_lock.toml"), "utf8")).toContain(
        `provider = "${provider}"`,
      );
      const names = fs
        .readdirSync(path.join(ROOT, dir))
        .filter((name) => fs.existsSync(path.join(ROOT, dir, name, "migration.sql")));
      expect(names.length).toBeGreaterThan(0);
    }
    const sqliteNames = fs.readdirSync(path.join(ROOT, "prisma/migrations")).filter((n) => !n.endsWith(".toml"));
    const postgresNames = fs
      .readdirSync(path.join(ROOT, "prisma/postgres/migrations"))
      .filter((n) => !n.endsWith(".toml"));
    expect(postgresNames).toEqual(sqliteNames);
  });

  it("SQLite's migrations build exactly prisma/schema.prisma", async () => {
    const url = `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-drift-")), `${crypto.randomUUID()}.db`)}`;
    await runPrisma(["migrate", "deploy"], { DATABASE_URL: url });
    // The one intended difference: the init migration's hand edit makes Event.seq SQLite's
    // INTEGER rowid (AUTOINCREMENT), which introspection reads back as Int.
    const asCommitted = (pulled: string) =>
      pulled.replace(/^(\s+seq\s+)Int(\s+@id @default\(autoincrement\(\)\))/m, "$1BigInt$2");
    expect(await driftOfMigratedDatabase(url, "prisma/schema.prisma", asCommitted)).toBe("");
  });

  it.skipIf(!isPostgres)(
    "PostgreSQL's migrations build exactly the PostgreSQL schema generated from it (prisma/postgres/schema.prisma)",
    async () => {
      const database = await createTempDatabase();
      expect(database.kind).toBe("postgres");
      expect(await driftOfMigratedDatabase(database.url, POSTGRES_SCHEMA_FILE)).toBe("");
    },
    120_000,
  ); // introspecting PostgreSQL through the JS adapter takes 10-20 s
});

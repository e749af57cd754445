// Part of `npm run db:generate`: writes prisma/postgres/schema.prisma (not committed) from
// prisma/schema.prisma, the one schema to edit. Prisma 6.19 reads a datasource's provider from
// the file only (no env()), so each provider needs a file of its own; only two lines differ.
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
export const SQLITE_SCHEMA_FILE = path.join(ROOT, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA_FILE = path.join(ROOT, "prisma", "postgres", "schema.prisma");

const HEADER =
  "// Generated from prisma/schema.prisma by `npm run db:generate` (tools/postgres-schema.ts): edit that file, not this one.\n";

/** Each line that differs, as it reads in the SQLite schema and as it must read for PostgreSQL (one folder deeper). */
const REPLACEMENTS: [string, string][] = [
  ['  provider = "sqlite"\n', '  provider = "postgresql"\n'],
  ['  output     = "../lib/generated/sqlite"\n', '  output     = "../../lib/generated/postgres"\n'],
];

/** The PostgreSQL schema: the SQLite one with its datasource provider and client output replaced. */
export function toPostgresSchema(sqliteSchema: string): string {
  let schema = sqliteSchema;
  for (const [from, to] of REPLACEMENTS) {
    if (schema.split(from).length !== 2)
      throw new Error(
        `prisma/schema.prisma must contain the line \`${from.trim()}\` exactly once (tools/postgres-schema.ts)`,
      );
    schema = schema.replace(from, to);
  }
  return HEADER + schema;
}

export function writePostgresSchema(): void {
  const schema = toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA_FILE, "utf8"));
  fs.writeFileSync(POSTGRES_SCHEMA_FILE, schema);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) writePostgresSchema();

import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { db } from "./client";
import { resolveDatabase } from "./database-url";
import { RENAMED_MIGRATIONS } from "./migration-renames";

async function appliedMigrations(): Promise<Set<string>> {
  const applied = await db().$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(applied.map((row) => row.migration_name));
}

/** True when the database answers and every committed migration has been applied. */
export async function checkDatabaseReady(): Promise<boolean> {
  try {
    const applied = await appliedMigrations();
    return committedMigrations().every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/**
 * Exits (status 1, one line) when a newer Log Streams has migrated the database: this build would
 * misread what it does not know (e.g. a newer secret format). Compared by migration name, so
 * migrations renamed or added by a later build count as unknown. A database without the migrations
 * table (not migrated yet) passes.
 */
export async function exitIfDatabaseIsNewer(): Promise<void> {
  const applied = await appliedMigrations().catch(() => new Set<string>());
  // Names this build renamed (migration-renames.ts) are known too: npm start renames them only after this check.
  const known = new Set([...committedMigrations(), ...Object.keys(RENAMED_MIGRATIONS)]);
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  console.error(
    `This database was upgraded by a newer version of Log Streams (migrations this build does not know: ${unknown.join(", ")}): not starting. Run the newer version, or go back by restoring the backup taken before the upgrade (see README, Upgrading).`,
  );
  process.exit(1);
}

function committedMigrations(): string[] {
  const isPostgres = resolveDatabase(env().DATABASE_URL).kind === "postgres";
  const dir = path.resolve("prisma", ...(isPostgres ? ["postgres", "migrations"] : ["migrations"]));
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

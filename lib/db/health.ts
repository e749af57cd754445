import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { db } from "./client";
import { resolveDatabase } from "./database-url";

/** True when the database answers and every committed migration has been applied. */
export async function checkDatabaseReady(): Promise<boolean> {
  try {
    const applied = await db().$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    const names = new Set(applied.map((row) => row.migration_name));
    return committedMigrations().every((name) => names.has(name));
  } catch {
    return false;
  }
}

function committedMigrations(): string[] {
  const isPostgres = resolveDatabase(env().DATABASE_URL).kind === "postgres";
  const dir = path.resolve("prisma", ...(isPostgres ? ["postgres", "migrations"] : ["migrations"]));
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

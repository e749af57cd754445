import fs from "node:fs";
import path from "node:path";
import { db } from "./client";

/** True when the database answers and every committed migration has been applied. */
export async function checkDatabaseReady(): Promise<boolean> {
  try {
    const applied = await db().$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const names = new Set(applied.map((row) => row.migration_name));
    return committedMigrations().every((name) => names.has(name));
  } catch {
    return false;
  }
}

function committedMigrations(): string[] {
  const dir = path.resolve("prisma", "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

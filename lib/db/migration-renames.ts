import { env } from "@/lib/env";
import { db } from "./client";
import { resolveDatabase } from "./database-url";

/**
 * Migration folders renamed after release (old name → new name), alike in prisma/migrations and
 * prisma/postgres/migrations: three shared one timestamp. `prisma migrate deploy` would take a
 * renamed folder for a new migration and fail re-applying it, so a database that applied it under
 * its old name has the row renamed first (its SQL, hence its checksum, is unchanged). Runs before
 * anything compares `_prisma_migrations` with the folders.
 */
export const RENAMED_MIGRATIONS: Readonly<Record<string, string>> = {
  "20261201220000_retention_window_replay": "20261201220100_retention_window_replay",
  "20261201220000_session_idle": "20261201220200_session_idle",
};

/** Gives applied migrations their new names (RENAMED_MIGRATIONS); returns how many it renamed. */
export async function renameAppliedMigrations(): Promise<number> {
  if (!(await hasMigrationsTable())) return 0;
  const renamed = await db().$transaction(
    Object.entries(RENAMED_MIGRATIONS).map(
      ([oldName, newName]) =>
        db().$executeRaw`UPDATE _prisma_migrations SET migration_name = ${newName} WHERE migration_name = ${oldName}`,
    ),
  );
  return renamed.reduce((sum, count) => sum + count, 0);
}

/** False on a database no migration has touched yet. */
async function hasMigrationsTable(): Promise<boolean> {
  const rows =
    resolveDatabase(env().DATABASE_URL).kind === "postgres"
      ? await db().$queryRaw<
          unknown[]
        >`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'`
      : await db().$queryRaw<
          unknown[]
        >`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`;
  return rows.length > 0;
}

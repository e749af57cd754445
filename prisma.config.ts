import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabase } from "./lib/db/database-url";

// `prisma migrate deploy` may create the SQLite database: only the app's user may read it.
process.umask(0o077);
const database = resolveDatabase(process.env.DATABASE_URL);
// Prisma's schema env() needs the variable even though the adapter below does the connecting.
process.env.DATABASE_URL ??= database.url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", database.kind === "postgres" ? "postgres/schema.prisma" : "schema.prisma"),
  migrations: { path: path.join("prisma", database.kind === "postgres" ? "postgres/migrations" : "migrations") },
  async adapter() {
    const { createMigrateAdapter } = await import("./lib/db/migrate-adapter");
    return createMigrateAdapter(database);
  },
});

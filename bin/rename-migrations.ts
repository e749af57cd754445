// Run by `npm start` before `prisma migrate deploy` (bundled to dist/rename-migrations.mjs): gives
// migrations a database applied under an old folder name their new name (lib/db/migration-renames.ts).
import { disconnectDb } from "@/lib/db/client";
import { renameAppliedMigrations } from "@/lib/db/migration-renames";
import { envOrExit } from "@/lib/env";

envOrExit();
const renamed = await renameAppliedMigrations();
if (renamed > 0) console.log(`Renamed ${renamed} applied migration(s) to their new folder names.`);
await disconnectDb();

// Exits with one line naming the first missing or invalid environment variable; with --database
// (npm start, before it migrates), also when a newer version has migrated the database.
import { disconnectDb } from "@/lib/db/client";
import { exitIfDatabaseIsNewer } from "@/lib/db/health";
import { envOrExit } from "@/lib/env";

process.umask(0o077); // opening the database may create it
envOrExit();
if (process.argv[2] === "--database") {
  await exitIfDatabaseIsNewer();
  await disconnectDb();
}

// npm run backup -- FILE: a consistent copy of the SQLite database, safe while the app runs and ingests.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveDatabase } from "@/lib/db/database-url";
import { envOrExit } from "@/lib/env";

process.umask(0o077);

/** Pages per backup step: all of them, so the copy is one read transaction (a snapshot) that writes cannot restart. */
const ALL_PAGES = 0x7fffffff;

function fail(line: string): never {
  console.error(line);
  process.exit(1);
}

/** Makes FILE, empty and 0600, only if nothing is there: not over an existing file, nor through a symlink (even a dangling one). */
function createPrivateFile(file: string): void {
  try {
    fs.closeSync(
      fs.openSync(
        file,
        fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW | fs.constants.O_WRONLY,
        0o600,
      ),
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ELOOP") {
      const what = fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()
        ? "is a symbolic link"
        : "already exists";
      fail(`${file} ${what}: choose a new file name (nothing was written).`);
    }
    fail(`Cannot create ${file}: ${(error as Error).message} (nothing was written).`);
  }
}

const target = process.argv[2];
if (!target || process.argv.length > 3)
  fail("Usage: npm run backup -- FILE   (FILE: where to write the copy of the SQLite database)");

const database = resolveDatabase(envOrExit().DATABASE_URL);
if (database.kind === "postgres")
  fail(
    'DATABASE_URL is PostgreSQL: back it up with pg_dump (e.g. pg_dump --format=custom --file=FILE "$DATABASE_URL").',
  );

const destination = path.resolve(target);
if (!fs.existsSync(database.filePath)) fail(`No database at ${database.filePath} (DATABASE_URL): nothing to back up.`);
if (destination === database.filePath || destination.startsWith(`${database.filePath}-`))
  fail("FILE must not be the database itself or one of its -wal/-shm files.");
if (!fs.existsSync(path.dirname(destination))) fail(`The folder ${path.dirname(destination)} does not exist.`);
createPrivateFile(destination);

const source = new Database(database.filePath, { fileMustExist: true });
try {
  // Into the empty file made above: SQLite takes a 0-byte file for an empty database.
  await source.backup(destination, { progress: () => ALL_PAGES });
} catch (error) {
  fs.rmSync(destination, { force: true });
  fail(`Backup failed: ${(error as Error).message}`);
} finally {
  source.close();
}

const megabytes = (fs.statSync(destination).size / 1024 / 1024).toFixed(1);
const secretFile = path.join(path.dirname(database.filePath), "secret");
console.log(`Backed up ${database.filePath} to ${destination} (${megabytes} MB).`);
console.log(
  `The copy is useless without the secret that encrypts the Datadog API keys: keep LOGSTREAMS_SECRET (or the file ${secretFile}) safe, apart from the backup.`,
);

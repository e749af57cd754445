import Sqlite from "better-sqlite3";

/** Read-only look into the shared app's SQLite file, to check what a request stored. */
export function countStoredEvents(databaseUrl: string, logIds: string[]): number {
  const db = new Sqlite(databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    const placeholders = logIds.map(() => "?").join(",");
    const row = db.prepare(`SELECT COUNT(*) AS n FROM "Event" WHERE "logId" IN (${placeholders})`).get(...logIds) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

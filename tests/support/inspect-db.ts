import pg from "pg";
import Sqlite from "better-sqlite3";
import { auth0EventJson } from "@/lib/events/item-json";

/** Looks into the shared app's database (SQLite file or PostgreSQL) to check what a request stored. */
export async function countStoredEvents(databaseUrl: string, logIds: string[]): Promise<number> {
  if (databaseUrl.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const result = await client.query(`SELECT COUNT(*)::int AS n FROM "Event" WHERE "logId" = ANY($1)`, [logIds]);
      return result.rows[0].n as number;
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    const placeholders = logIds.map(() => "?").join(",");
    return (
      db.prepare(`SELECT COUNT(*) AS n FROM "Event" WHERE "logId" IN (${placeholders})`).get(...logIds) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

/** The Auth0 event (`{log_id, data}`'s JSON text) of each stored event of `logIds`, by log_id: PostgreSQL only. */
export async function storedAuth0Events(databaseUrl: string, logIds: string[]): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ logId: string; item: string }>(
      `SELECT "logId", item FROM "Event" WHERE "logId" = ANY($1)`,
      [logIds],
    );
    return new Map(result.rows.map((row) => [row.logId, auth0EventJson(row.item)]));
  } finally {
    await client.end();
  }
}

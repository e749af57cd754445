// An API key stored in a format this version does not know (a newer version's, say `v3.`): the
// stream is held with a reason that says so, logged once, and retried after growing waits, not in a loop.
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  credentialEnv,
  createTempDatabase,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";

const UNKNOWN_KEY_FORMAT_REASON =
  "the stored API key is in a format this version cannot read (saved by a newer version of Log Streams): run that version, or enter the key again";

const started: AppServer[] = [];
afterAll(() => Promise.all(started.map((app) => app.stop())));

describe("a stream whose key is in a newer format", () => {
  it("is held with a reason naming the format, logged once, and tried again only after growing waits", async () => {
    const database = await createTempDatabase();
    if (database.kind !== "sqlite") return;
    const sqlite = new Sqlite(database.filePath);
    const at = new Date().toISOString().replace("Z", "+00:00");
    sqlite
      .prepare(
        `INSERT INTO "LogStream" ("id", "name", "type", "status", "filters", "region", "apiKeyEncrypted", "apiKeyLast4", "updatedAt") VALUES (?, ?, 'datadog', 'active', '[]', 'us', ?, 'abcd', ?)`,
      )
      .run("lst_newer_format", "newer format", "v3.AAAA.BBBB.CCCC.DDDD", at);
    for (let i = 0; i < 5; i++)
      sqlite
        .prepare(`INSERT INTO "Event" ("logId", "type", "item", "receivedAt") VALUES (?, 's', '{}', ?)`)
        .run(`newer-format-${i}`, at);
    const heldUntilOf = () =>
      sqlite.prepare(`SELECT "heldReason", "heldUntil" FROM "LogStream" WHERE "id" = 'lst_newer_format'`).get() as {
        heldReason: string | null;
        heldUntil: string | null;
      };

    const app = await startAppServer({
      DATABASE_URL: database.url,
      LOG_LEVEL: "info",
      ...credentialEnv(newCredentials()),
    });
    started.push(app);
    const errorLines = () =>
      app
        .output()
        .split("\n")
        .filter((line) => line.includes('"level":50'));
    const heldUntils = new Set<string>();
    for (;;) {
      const { heldUntil } = heldUntilOf();
      if (heldUntil) heldUntils.add(heldUntil);
      if (heldUntils.size >= 3 || errorLines().length > 50) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(heldUntilOf().heldReason).toBe(UNKNOWN_KEY_FORMAT_REASON);
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]).toContain(`delivery held: ${UNKNOWN_KEY_FORMAT_REASON}`);
    sqlite.close();
  }, 120_000);
});

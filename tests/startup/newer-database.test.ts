// A database a newer version has migrated: this build refuses it (web app and worker) with one
// line, at once, rather than misread what it does not know.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  createTempDatabase,
  credentialEnv,
  freePort,
  newCredentials,
  ROOT,
  TEST_DIST_DIR,
  type TempDatabase,
} from "../support/app-server";

const FUTURE_MIGRATION = "29990101000000_from_a_newer_version";
/** Refusing takes a database query; a start that hangs or loops is far slower. */
const EXIT_DEADLINE_MS = 30_000;

/** Records a migration this build does not have as applied, as a newer version's `migrate deploy` would. */
async function applyFutureMigration(database: TempDatabase): Promise<void> {
  const row = [crypto.randomUUID(), "0".repeat(64), FUTURE_MIGRATION];
  if (database.kind === "sqlite") {
    const sqlite = new Sqlite(database.filePath);
    sqlite
      .prepare(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES (?, ?, ?, ?, ?, 1)`,
      )
      .run(...row, new Date().toISOString(), new Date().toISOString());
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(
    `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES ($1, $2, $3, now(), now(), 1)`,
    row,
  );
  await client.end();
}

/** Runs a command until it exits (killed after EXIT_DEADLINE_MS); its exit code, output and time. */
function runUntilExit(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), EXIT_DEADLINE_MS);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(killer);
      resolve({ code, output, ms: Date.now() - started });
    }),
  );
}

async function newerDatabaseEnv(): Promise<Record<string, string>> {
  const database = await createTempDatabase();
  await applyFutureMigration(database);
  return { DATABASE_URL: database.url, ...credentialEnv(newCredentials()) };
}

function expectRefusal(result: { code: number | null; output: string }) {
  expect(result.code).toBe(1);
  const lines = result.output.split("\n").filter((line) => line.includes("newer version of Log Streams"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(FUTURE_MIGRATION);
  expect(lines[0]).toContain("restoring the backup taken before the upgrade");
}

describe("a database from a newer version", () => {
  it("the web app refuses to start, with one line, and exits", async () => {
    const env = await newerDatabaseEnv();
    const result = await runUntilExit(
      [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(await freePort())],
      { ...env, NEXT_DIST_DIR: TEST_DIST_DIR },
    );
    expectRefusal(result);
  });

  it("npm start refuses it before migrating, with one line, and exits", async () => {
    const result = await runUntilExit(["bin/start.mjs"], {
      ...(await newerDatabaseEnv()),
      NEXT_DIST_DIR: TEST_DIST_DIR,
      PORT: String(await freePort()),
    });
    expectRefusal(result);
    expect(result.output).not.toContain("migrations found");
  });

  it("the worker refuses to start, with one line, and exits", async () => {
    const result = await runUntilExit(["dist/worker.mjs"], await newerDatabaseEnv());
    expectRefusal(result);
  });
});

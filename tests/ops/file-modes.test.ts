// The SQLite database holds events (emails, IPs) and session hashes: only the app's user may read
// it, its -wal/-shm files, or its folder.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  createTempDatabase,
  credentialEnv,
  freePort,
  newCredentials,
  ROOT,
  startAppServer,
  TEST_DIST_DIR,
} from "../support/app-server";

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const databaseFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

describe("file modes", () => {
  it("npm start on a fresh data folder makes the folder 0700 and the database, -wal and -shm 0600", async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-modes-")), "data");
    const databaseFile = path.join(dataDir, "logstreams.db");
    const port = await freePort();
    // Its own process group: npm start's server is a child of start.mjs, stopped with it.
    const child = spawn(process.execPath, ["bin/start.mjs"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        DATABASE_URL: `file:${databaseFile}`,
        NEXT_DIST_DIR: TEST_DIST_DIR,
        PORT: String(port),
        LOGSTREAMS_WORKER: "off",
        ...credentialEnv(newCredentials()),
      },
      stdio: "ignore",
      detached: true,
    });
    try {
      await vi.waitFor(
        async () => {
          expect(child.exitCode).toBeNull();
          expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        },
        { timeout: 90_000, interval: 200 },
      );
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of databaseFiles(databaseFile)) expect([file, modeOf(file)]).toEqual([file, 0o600]);
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  });

  it("a database an older version left readable by others is made 0600 at start, -wal and -shm with it", async () => {
    const database = await createTempDatabase();
    if (database.kind !== "sqlite") return;
    for (const file of databaseFiles(database.filePath)) if (fs.existsSync(file)) fs.chmodSync(file, 0o644);
    fs.chmodSync(database.filePath, 0o644);
    const app = await startAppServer({
      DATABASE_URL: database.url,
      LOGSTREAMS_WORKER: "off",
      ...credentialEnv(newCredentials()),
    });
    try {
      for (const file of databaseFiles(database.filePath)) expect([file, modeOf(file)]).toEqual([file, 0o600]);
    } finally {
      await app.stop();
    }
  });
});

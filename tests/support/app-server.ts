import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The production build the tests run against (scripts/test.mjs builds it). */
export const TEST_DIST_DIR = process.env.LOGSTREAMS_TEST_DIST_DIR ?? ".next-test";

/** A migrated database file reused by every test; its name changes whenever a migration does. */
function templateDbPath(): string {
  const hash = crypto.createHash("sha256");
  const migrations = path.join(ROOT, "prisma", "migrations");
  for (const name of fs.readdirSync(migrations).sort()) {
    const file = path.join(migrations, name, "migration.sql");
    if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
  }
  return path.join(os.tmpdir(), `logstreams-template-${hash.digest("hex").slice(0, 16)}.db`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export function runPrisma(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} failed:\n${output}`))));
  });
}

/** A migrated SQLite file in a new temporary folder (copied from a template migrated once). */
export async function createTempDatabase(): Promise<{ dir: string; url: string; filePath: string }> {
  const template = templateDbPath();
  if (!fs.existsSync(template)) {
    const building = `${template}.${process.pid}.${crypto.randomUUID()}`;
    await runPrisma(["migrate", "deploy"], { DATABASE_URL: `file:${building}` });
    fs.renameSync(building, template);
    fs.rmSync(`${building}-wal`, { force: true });
    fs.rmSync(`${building}-shm`, { force: true });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-test-"));
  const filePath = path.join(dir, "logstreams.db");
  fs.copyFileSync(template, filePath);
  return { dir, url: `file:${filePath}`, filePath };
}

export type TestCredentials = { adminPassword: string; apiToken: string; ingestToken: string; secret: string };

export function newCredentials(): TestCredentials {
  const random = () => crypto.randomBytes(24).toString("base64url");
  return { adminPassword: random(), apiToken: random(), ingestToken: random(), secret: random() + random() };
}

export function credentialEnv(credentials: TestCredentials): Record<string, string> {
  return {
    LOGSTREAMS_ADMIN_PASSWORD: credentials.adminPassword,
    LOGSTREAMS_API_TOKEN: credentials.apiToken,
    LOGSTREAMS_INGEST_TOKEN: credentials.ingestToken,
    LOGSTREAMS_SECRET: credentials.secret,
  };
}

export type AppServer = { baseUrl: string; port: number; process: ChildProcess; output: () => string; stop: () => Promise<void> };

/** Starts the built app (`next start`) on a free loopback port and waits for /healthz (or, without waitForHealthy, for any answer). */
export async function startAppServer(env: Record<string, string>, options: { waitForHealthy?: boolean } = {}): Promise<AppServer> {
  const isReady = (status: number) => (options.waitForHealthy === false ? status > 0 : status === 200);
  if (!fs.existsSync(path.join(ROOT, TEST_DIST_DIR, "BUILD_ID"))) {
    throw new Error(`No test build in ${TEST_DIST_DIR}; run: NEXT_DIST_DIR=${TEST_DIST_DIR} npx next build`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", ...env, NEXT_DIST_DIR: TEST_DIST_DIR, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (isReady(response.status)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    port,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

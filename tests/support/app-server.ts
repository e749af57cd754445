import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startIntakeServer, type IntakeServer } from "../../standins/intake-server";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The production build the tests run against (tools/test.mjs builds it). */
export const TEST_DIST_DIR = process.env.LOGSTREAMS_TEST_DIST_DIR ?? ".next-test";

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

/** A migrated database reused by every test; its name changes whenever a migration does. */
function templateName(migrationsDir: string): string {
  const hash = crypto.createHash("sha256");
  for (const name of fs.readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, name, "migration.sql");
    if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
  }
  return `logstreams_template_${hash.digest("hex").slice(0, 16)}`;
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
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} failed:\n${output}`)),
    );
  });
}

export type TempDatabase = { kind: "sqlite"; url: string; filePath: string } | { kind: "postgres"; url: string };

/**
 * A fresh, migrated database for one test (or app): a SQLite file copied from a template, or, when
 * LOGSTREAMS_TEST_PG_URL names a PostgreSQL cluster (npm test's PostgreSQL pass), a new database
 * created from a template database.
 */
export async function createTempDatabase(): Promise<TempDatabase> {
  const pgAdminUrl = process.env.LOGSTREAMS_TEST_PG_URL;
  return pgAdminUrl ? createPostgresDatabase(pgAdminUrl) : createSqliteDatabase();
}

async function createSqliteDatabase(): Promise<TempDatabase> {
  const template = path.join(os.tmpdir(), `${templateName(path.join(ROOT, "prisma", "migrations"))}.db`);
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
  return { kind: "sqlite", url: `file:${filePath}`, filePath };
}

async function createPostgresDatabase(adminUrl: string): Promise<TempDatabase> {
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const withDatabase = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  try {
    const template = templateName(path.join(ROOT, "prisma", "postgres", "migrations"));
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_${crypto.randomBytes(4).toString("hex")}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      await runPrisma(["migrate", "deploy"], { DATABASE_URL: withDatabase(building) });
      await admin
        .query(`ALTER DATABASE "${building}" RENAME TO "${template}"`)
        .catch(() => admin.query(`DROP DATABASE "${building}"`));
    }
    const name = `logstreams_test_${crypto.randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    return { kind: "postgres", url: withDatabase(name) };
  } finally {
    await admin.end();
  }
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

export type AppServer = {
  baseUrl: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

/** Starts the built app (`next start`) on a free loopback port and waits for /healthz (or, without waitForHealthy, for any answer). */
export async function startAppServer(
  env: Record<string, string>,
  options: { waitForHealthy?: boolean } = {},
): Promise<AppServer> {
  const isReady = (status: number) => (options.waitForHealthy === false ? status > 0 : status === 200);
  if (!fs.existsSync(path.join(ROOT, TEST_DIST_DIR, "BUILD_ID"))) {
    throw new Error(`No test build in ${TEST_DIST_DIR}; run: NEXT_DIST_DIR=${TEST_DIST_DIR} npx next build`);
  }
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        ...env,
        NEXT_DIST_DIR: TEST_DIST_DIR,
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
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

export type TestStack = {
  app: AppServer;
  intake: IntakeServer;
  database: TempDatabase;
  credentials: TestCredentials;
  stop: () => Promise<void>;
};

/** What the Vitest and Playwright suites share: a loopback intake and the built app on a fresh database, wired together. */
export async function startTestStack(): Promise<TestStack> {
  // The writer thread and the worker run dist/'s bundles: rebuilt from the current code (in ~1 s).
  const bundling = spawnSync(process.execPath, ["tools/build-workers.mjs"], { cwd: ROOT, stdio: "inherit" });
  if (bundling.status !== 0) throw new Error("bundling the workers failed (node tools/build-workers.mjs)");
  const intake = await startIntakeServer();
  const database = await createTempDatabase();
  const credentials = newCredentials();
  // Test files run in parallel against this app: the rate limit has a test (and an app) of its own.
  const app = await startAppServer({
    DATABASE_URL: database.url,
    DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
    DATADOG_API_URL_TEMPLATE: intake.apiUrlTemplate,
    LOGSTREAMS_API_RATE_LIMIT: "100000",
    ...credentialEnv(credentials),
  });
  return {
    app,
    intake,
    database,
    credentials,
    stop: async () => {
      await app.stop();
      await intake.close();
    },
  };
}

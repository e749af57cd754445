import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRepeatLog } from "./logger";

describe("createRepeatLog", () => {
  it("says each distinct reason once per scope, until the work goes through", () => {
    const log = createRepeatLog();
    expect(log.isNew("database is gone")).toBe(true);
    expect(log.isNew(new Error("database is gone"))).toBe(false);
    expect(log.isNew("database is gone", "stream-b")).toBe(true);
    expect(log.isNew("another reason")).toBe(true);
    expect(log.end()).toBeGreaterThanOrEqual(0);
    expect(log.end()).toBeNull();
    expect(log.isNew("database is gone")).toBe(true);
    expect(log.isNew("database is gone", "stream-b")).toBe(false);
  });
});

describe("logUnhandledRejections", () => {
  it("logs a rejection nothing handled as one error line, and the process goes on", () => {
    const script = `
      const { logUnhandledRejections } = await import("./lib/logger.ts");
      logUnhandledRejections();
      logUnhandledRejections();
      Promise.reject(new Error("nobody caught this"));
      setTimeout(() => console.log("still running"), 200);`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: path.resolve(import.meta.dirname, ".."),
      encoding: "utf8",
      env: { ...process.env, LOG_LEVEL: "info" },
    });
    expect(child.status).toBe(0);
    const lines = child.stdout.split("\n").filter((line) => line.includes("unhandled promise rejection"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, err: { message: "nobody caught this" } });
    expect(child.stdout).toContain("still running");
  });
});

describe("passwords in logged errors", () => {
  it("masks the password of a URL or a conninfo in a message, an error and its stack", () => {
    const script = `
      const { logger } = await import("./lib/logger.ts");
      const error = new Error("connect failed for postgres://app:s3cret-pw@db:5432/logs");
      logger.error({ err: error }, "database unreachable");
      logger.warn("retrying host=db password='an other pw' and https://u:tok%40en@example.com/x");
      logger.info({ err: "plain text error" }, "a string err stays as it is");`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: path.resolve(import.meta.dirname, ".."),
      encoding: "utf8",
      env: { ...process.env, LOG_LEVEL: "info" },
    });
    expect(child.status).toBe(0);
    for (const secret of ["s3cret-pw", "an other pw", "tok%40en"]) expect(child.stdout).not.toContain(secret);
    const [error, warning, plain] = child.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(error.err.message).toBe("connect failed for postgres://app:[redacted]@db:5432/logs");
    expect(error.err.stack).toContain("postgres://app:[redacted]@db:5432/logs");
    expect(warning.msg).toBe("retrying host=db password=[redacted] and https://u:[redacted]@example.com/x");
    expect(plain.err).toBe("plain text error");
  });
});

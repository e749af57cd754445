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

import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

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

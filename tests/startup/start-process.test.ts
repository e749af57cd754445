// `npm start` serves from the node process its script starts (`exec`'d by the script's shell): no
// parent process stays behind only to wait for the server (under overload a node one held ~45 MB
// of the process group's memory for nothing, docs/performance.md: Memory under overload), and it
// serves with glibc's malloc told to keep fewer arenas and to hand freed bodies back (~40 MB less
// at the overload's peak).
import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createTempDatabase, freePort, ROOT, TEST_DIST_DIR } from "../support/app-server";

/** The processes of a process group and their executables, from Linux's /proc. */
function processesInGroup(pgid: number): { pid: number; exe: string }[] {
  return fs.readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const isInGroup = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid;
      return isInGroup ? [{ pid: Number(entry), exe: fs.readlinkSync(`/proc/${entry}/exe`) }] : [];
    } catch {
      return []; // exited meanwhile
    }
  });
}

describe("npm start's processes", () => {
  it("are npm and the server: the start script's shell and node process become the server, with malloc's settings", async () => {
    const port = await freePort();
    const database = await createTempDatabase();
    const npm = spawn("npm", ["start"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        LOGSTREAMS_WORKER: "off",
        DATABASE_URL: database.url,
        NEXT_DIST_DIR: TEST_DIST_DIR,
        PORT: String(port),
      },
      stdio: "ignore",
      detached: true, // its own process group, stopped as a whole
    });
    try {
      const deadline = Date.now() + 90_000;
      while (
        (await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.status,
          () => 0,
        )) !== 200
      ) {
        if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}`);
        if (Date.now() > deadline) throw new Error("npm start did not become healthy");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const others = processesInGroup(npm.pid!).filter(({ pid }) => pid !== npm.pid);
      expect(others.map(({ exe }) => exe)).toEqual([process.execPath]);
      const serverEnv = fs.readFileSync(`/proc/${others[0]!.pid}/environ`, "utf8").split("\0");
      expect(serverEnv).toEqual(expect.arrayContaining(["MALLOC_ARENA_MAX=2", "MALLOC_MMAP_THRESHOLD_=1048576"]));
    } finally {
      const exited = new Promise((resolve) => npm.once("exit", resolve));
      process.kill(-npm.pid!, "SIGTERM");
      await exited;
    }
  }, 120_000);

  it("include npm run worker's: its worker runs with the server's V8 flags, a 64 MB semi-space and a 256 MB old space to start", async () => {
    const database = await createTempDatabase();
    const start = spawn(process.execPath, ["bin/start.mjs", "worker"], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "info", DATABASE_URL: database.url },
      stdio: ["ignore", "pipe", "ignore"],
      detached: true, // its own process group, stopped as a whole
    });
    try {
      let output = "";
      start.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const deadline = Date.now() + 60_000;
      while (!output.includes("started")) {
        if (start.exitCode !== null) throw new Error(`the worker exited with ${start.exitCode}: ${output}`);
        if (Date.now() > deadline) throw new Error("the worker did not start");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const [worker] = processesInGroup(start.pid!).filter(({ pid }) => pid !== start.pid);
      const argv = fs.readFileSync(`/proc/${worker!.pid}/cmdline`, "utf8").split("\0");
      expect(argv).toEqual(
        expect.arrayContaining([
          "--no-memory-reducer",
          "--heap-growing-percent=100",
          "--min-semi-space-size=64",
          "--initial-old-space-size=256",
        ]),
      );
      expect(argv).not.toContain("--min-semi-space-size=32");
      expect(argv).toContain("dist/worker.mjs");
    } finally {
      const exited = new Promise((resolve) => start.once("exit", resolve));
      process.kill(-start.pid!, "SIGTERM");
      await exited;
    }
  }, 90_000);
});

// A throwaway PostgreSQL cluster on a loopback port, for tests and benchmarks (initdb + pg_ctl).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "@/tests/support/app-server";

/** `pause` stops the server and keeps its files, `resume` starts it again on the same port (an outage, for tests); `stop` ends it for good. */
export type PgCluster = {
  url: string;
  pause: () => void;
  resume: () => void;
  stop: () => void;
  /** The running server's main process (its backends are its children). */
  postmasterPid: () => number;
};

/** The server binaries of Debian's postgresql package, or undefined when it is not installed. */
export function findPgBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : undefined;
}

/** initdb and postgres refuse to run as root: as root they run as the `postgres` user. */
function runPg(bin: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  execFileSync(isRoot ? "runuser" : bin, isRoot ? ["-u", "postgres", "--", bin, ...args] : args, { stdio: "ignore" });
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL is not installed: apt-get install -y postgresql");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  runPg(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300`;
  let isRunning = false;
  const start = () => {
    runPg(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "start"]);
    isRunning = true;
  };
  // "fast", not "immediate": the cluster runs with synchronous_commit off, so a crash would lose
  // commits already answered (here, events answered 202), which a real server's restart does not.
  const halt = (mode: "fast" | "immediate") => {
    runPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", mode, "-w", "stop"]);
    isRunning = false;
  };
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    pause: () => halt("fast"),
    postmasterPid: () => Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]),
    resume: start,
    stop: () => {
      try {
        if (isRunning) halt("immediate");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** `node --import tsx tools/pg-cluster.ts`: a throwaway cluster for trying things by hand, until Ctrl-C. */
async function main() {
  console.log("Starting a throwaway PostgreSQL cluster (initdb + pg_ctl)…");
  const cluster = await startPgCluster();
  console.log(
    `PostgreSQL is up; use it with:\n  export DATABASE_URL='${cluster.url}'\nCtrl-C stops it and deletes its files.`,
  );
  const stop = () => {
    cluster.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  setInterval(() => undefined, 1 << 30);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

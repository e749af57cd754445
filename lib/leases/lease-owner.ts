import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";

// A lease owner is `host:pid:space.process:instance`. `space` names this kernel's boot and pid
// namespace: two containers with one hostname (host networking) share neither, so a pid is only
// compared with pids of its own space. `process` is random per process: a restarted worker that
// got its previous incarnation's pid (pid 1 in a container) still tells the two apart.

/** This kernel boot and pid namespace, hashed; null where /proc does not say (not Linux): no owner is then known to be gone. */
function readPidSpace(): string | null {
  try {
    const boot = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const namespace = fs.readlinkSync("/proc/self/ns/pid");
    return crypto.createHash("sha256").update(`${boot} ${namespace}`).digest("hex").slice(0, 8);
  } catch {
    return null;
  }
}

const registry = globalThis as { logStreamsProcessTag?: string };
// On globalThis: Next may load this module more than once in one process.
registry.logStreamsProcessTag ??= crypto.randomBytes(3).toString("hex");
const THIS_PROCESS = {
  host: os.hostname(),
  pid: process.pid,
  space: readPidSpace(),
  tag: registry.logStreamsProcessTag,
};

/** A new owner id for one dispatcher or puller of this process. */
export function newWorkerId(): string {
  const processKey = THIS_PROCESS.space ? `${THIS_PROCESS.space}.${THIS_PROCESS.tag}` : THIS_PROCESS.tag;
  return `${THIS_PROCESS.host}:${THIS_PROCESS.pid}:${processKey}:${crypto.randomBytes(3).toString("hex")}`;
}

/** A LIKE pattern that finds the owners of this host's pid space (a superset: isOwnerProcessGone decides). */
export const THIS_HOST_OWNER_PATTERN = THIS_PROCESS.space ? `${THIS_PROCESS.host}:%:${THIS_PROCESS.space}.%` : "";

/**
 * True only when `owner` was a process of this host's pid space that no longer runs: its pid is
 * ours but it was another process, or no process has its pid (ESRCH). A pid reused by a live
 * process reads as alive: that lease then waits for its expiry, as any other.
 */
export function isOwnerProcessGone(owner: string): boolean {
  const match = /^([^:]+):([1-9]\d{0,9}):([0-9a-f]{8})\.([0-9a-f]+):[^:]*$/.exec(owner);
  if (!match || !THIS_PROCESS.space || match[1] !== THIS_PROCESS.host || match[3] !== THIS_PROCESS.space) return false;
  const pid = Number(match[2]);
  if (pid === THIS_PROCESS.pid) return match[4] !== THIS_PROCESS.tag;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

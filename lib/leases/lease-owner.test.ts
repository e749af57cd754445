import { spawnSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { isOwnerProcessGone, newWorkerId } from "./lease-owner";

/** An owner id of this host's pid space with another pid and process tag. */
const ownerWith = (pid: number, tag = "abcdef") =>
  newWorkerId().replace(/^([^:]+):\d+:([0-9a-f]{8})\.[0-9a-f]+:/, `$1:${pid}:$2.${tag}:`);

describe.runIf(os.platform() === "linux")("isOwnerProcessGone", () => {
  it("says a process of this host that exited is gone", () => {
    const exited = spawnSync(process.execPath, ["-e", ""]).pid!;
    expect(isOwnerProcessGone(ownerWith(exited))).toBe(true);
  });

  it("says an earlier process that had this process's pid is gone, and this process is not", () => {
    expect(isOwnerProcessGone(ownerWith(process.pid))).toBe(true);
    expect(isOwnerProcessGone(newWorkerId())).toBe(false);
  });

  it("takes a live process (perhaps one that reused the pid) for the owner: its lease waits for expiry", () => {
    expect(isOwnerProcessGone(ownerWith(process.ppid))).toBe(false);
  });

  it("knows nothing of other hosts, other pid namespaces, or ids of another shape", () => {
    const exited = spawnSync(process.execPath, ["-e", ""]).pid!;
    expect(isOwnerProcessGone(ownerWith(exited).replace(/^[^:]+/, "other-host"))).toBe(false);
    expect(isOwnerProcessGone(ownerWith(exited).replace(/:[0-9a-f]{8}\./, ":00000000."))).toBe(false);
    expect(isOwnerProcessGone(`${os.hostname()}:${exited}:abcdef`)).toBe(false);
    expect(isOwnerProcessGone(ownerWith(0))).toBe(false);
    expect(isOwnerProcessGone("")).toBe(false);
  });
});

// npm start: build when no build exists, apply pending migrations, then serve (spec: Commands).
// npm run worker / npm run backup -- FILE (`start.mjs worker|backup`): build when no build exists, then
// run the dispatcher alone, or copy the SQLite database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Files this and its children create (the SQLite database, its -wal/-shm files, backups) are the user's alone.
process.umask(0o077);

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(command, args, label, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`npm start: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

/** `worker` or `backup`: one of dist/'s commands instead of the web app (`npm run worker`, `npm run backup -- FILE`). */
const command = ["worker", "backup"].includes(process.argv[2]) ? process.argv[2] : null;
const bundles = [
  "dist/worker.mjs",
  "dist/backup.mjs",
  "dist/sqlite-writer-thread.mjs",
  "dist/check-env.mjs",
  "dist/rename-migrations.mjs",
];
const isBuilt = [...bundles, ...(command ? [] : [path.join(distDir, "BUILD_ID")])].every((file) =>
  fs.existsSync(path.join(root, file)),
);
if (!isBuilt) {
  console.log("No build found: building the app (takes a minute or two the first time)…");
  run("npm", ["run", "build"], "build");
}
// Before migrating: `prisma migrate deploy` must not touch a database a newer version has migrated.
run(process.execPath, ["dist/check-env.mjs", ...(command ? [] : ["--database"])], "environment check");
// Without these V8 shrinks the idle heap after a quiet spell (a night without logins, a pause) and
// then regrows it ~5 % at a time, so the next burst of events pays a full collection every
// 50-100 ms (see docs/performance.md). The third starts each thread's young generation at its
// largest (the SQLite writer's 32 MB semi-space, the event loop's 16): growing it from 1 MB cost
// the writer's first bodies after a start ~0.7 s of scavenges copying live parse trees.
// package.json's `start` script gives them to this process (`exec`: no shell stays behind either),
// which then serves itself: a parent staying behind only to wait would hold ~45 MB of memory for
// nothing (docs/performance.md: Memory under overload). The fourth compiles WebAssembly (undici's
// HTTP parser, Prisma's query compiler) optimised at its first call, as the server starts, instead
// of once it is hot: the first round of deliveries after a start spent ~0.13 s of CPU on compiling
// the parser (measured; ~0.5 s more CPU at start, ~10 MB more memory).
const v8Flags = [
  "--no-memory-reducer",
  "--heap-growing-percent=100",
  "--min-semi-space-size=32",
  "--no-wasm-dynamic-tiering",
];
// The `start` script sets these too (glibc reads them as a process starts): two malloc arenas
// instead of up to 16 (one per thread that allocates), and blocks of 1 MB or more (bodies) always
// mapped and returned at free. Without them glibc kept freed bodies' memory resident: ~40 MB more
// at the overload's peak (docs/performance.md: Memory under overload).
const mallocEnv = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "1048576" };
// The worker gzips batch bodies one after another as the server's dispatcher does, with the same V8
// flags but a 64 MB semi-space: garbage collection was the largest item of its profile, 1 MB bodies
// and their gzip'ed copies passing through (docs/performance.md). The server's 32 is for npm start's
// memory under overload, which the worker does not share. The bench starts its workers through here.
// Its old space starts at 256 MB: what each batch passes through outside the heap (the body, the socket
// reads, gzip's state) counts towards the old space's limit, which at twice the ~20 MB live brought a
// mark-compact every ~15 batches (17 in a 250-batch drain; 4 with this, for ~25 MB more resident).
const workerV8Flags = [
  ...v8Flags.filter((flag) => !flag.startsWith("--min-semi-space-size=")),
  "--min-semi-space-size=64",
  "--initial-old-space-size=256",
];
if (command) {
  // The worker waits for the migrations itself (a web node applies them); a backup needs none.
  run(
    process.execPath,
    [...(command === "worker" ? workerV8Flags : []), `dist/${command}.mjs`, ...process.argv.slice(3)],
    command,
  );
  process.exit(0);
}
run(process.execPath, ["dist/rename-migrations.mjs"], "migration renames");
run(bin("prisma"), ["migrate", "deploy"], "database migration");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const serverArgs = ["start", "-p", process.env.PORT || "3000"];
if (v8Flags.every((flag) => process.execArgv.includes(flag))) {
  process.argv = [process.execPath, nextBin, ...serverArgs];
  createRequire(import.meta.url)(nextBin);
} else {
  // Run as `node bin/start.mjs`, without the flags: the server gets them as a child.
  run(process.execPath, [...v8Flags, nextBin, ...serverArgs], "server", { ...mallocEnv, ...process.env });
}

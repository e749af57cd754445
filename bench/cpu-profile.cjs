// Preloaded into the app's processes by `npm run bench -- --cpu-prof DIR` (NODE_OPTIONS refuses
// --cpu-prof itself): profiles each process's main thread and writes DIR/<pid>.cpuprofile when it
// exits or is sent SIGTERM (the bench stops the app with SIGTERM, then SIGKILLs what is left).
// Worker threads (the SQLite writer, the checkpointer) are stopped without an exit of their own:
// each writes DIR/<pid>-t<threadId>-<n>.cpuprofile every 5 s instead. Profiles of one process share
// one clock (startTime), so the pieces line up with the main thread's.
const fs = require("node:fs");
const inspector = require("node:inspector");
const path = require("node:path");
const { isMainThread } = require("node:worker_threads");

function profileUntilExit() {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let isWritten = false;
  function writeProfile() {
    if (isWritten) return;
    isWritten = true;
    session.post("Profiler.stop", (error, result) => {
      if (!error)
        fs.writeFileSync(
          path.join(process.env.LOGSTREAMS_CPU_PROFILE_DIR, `${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
    });
  }
  process.on("exit", writeProfile);
  process.prependListener("SIGTERM", () => {
    writeProfile();
    if (process.listenerCount("SIGTERM") === 1) process.exit(143);
  });
}

const THREAD_PROFILE_EVERY_MS = 5000;

function profileInPieces() {
  const { threadId } = require("node:worker_threads");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let piece = 0;
  const timer = setInterval(() => {
    session.post("Profiler.stop", (error, result) => {
      const name = `${process.pid}-t${threadId}-${String(piece++).padStart(3, "0")}.cpuprofile`;
      if (!error)
        fs.writeFileSync(path.join(process.env.LOGSTREAMS_CPU_PROFILE_DIR, name), JSON.stringify(result.profile));
      session.post("Profiler.start");
    });
  }, THREAD_PROFILE_EVERY_MS);
  timer.unref();
}

if (isMainThread) profileUntilExit();
else profileInPieces();

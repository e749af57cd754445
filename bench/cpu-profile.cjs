// Preloaded into the app's processes by `npm run bench -- --cpu-prof DIR` (NODE_OPTIONS refuses
// --cpu-prof itself): profiles each process's main thread and writes DIR/<pid>.cpuprofile when it
// exits or is sent SIGTERM (the bench stops the app with SIGTERM, then SIGKILLs what is left).
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
      if (!error) fs.writeFileSync(path.join(process.env.LOGSTREAMS_CPU_PROFILE_DIR, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  }
  process.on("exit", writeProfile);
  process.prependListener("SIGTERM", () => {
    writeProfile();
    if (process.listenerCount("SIGTERM") === 1) process.exit(143);
  });
}

if (isMainThread) profileUntilExit();

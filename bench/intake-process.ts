// The loopback intake in its own process, so its gunzip/JSON work does not share the bench's event loop.
import { startIntakeServer } from "@/standins/intake-server";

const intake = await startIntakeServer({ keepItems: false });
process.send?.({ port: intake.port });
// "empty": forgets what arrived and collects it now (started with --expose-gc), rather than in a
// major collection during the next measure.
process.on("message", (message) => {
  if (message !== "empty") return;
  intake.reset();
  globalThis.gc?.();
  process.send?.("emptied");
});

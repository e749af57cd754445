export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logUnhandledRejections } = await import("./lib/logger");
  logUnhandledRejections();
  const { installSocketStamp } = await import("./lib/auth/client-address");
  installSocketStamp();
  const { startServerProcess } = await import("./lib/server-start");
  await startServerProcess();
}

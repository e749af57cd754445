import { ensureCredentials } from "@/lib/auth/credentials";
import { env } from "@/lib/env";

/** Runs once when `next start` boots: checks the environment and prints any generated credentials. */
export async function startServerProcess(): Promise<void> {
  try {
    env();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  await ensureCredentials();
}

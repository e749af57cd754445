import { PrismaClient } from "@/lib/generated/sqlite/client";
import { env } from "@/lib/env";
import { createAdapter } from "./adapter";
import { resolveDatabase } from "./database-url";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { logStreamsDb?: PrismaClient };

function createClient(): PrismaClient {
  const database = resolveDatabase(env().DATABASE_URL);
  return new PrismaClient({ adapter: createAdapter(database) });
}

/** One client per process (cached on globalThis so Next's dev reloads reuse it). */
export function db(): PrismaClient {
  globalForDb.logStreamsDb ??= createClient();
  return globalForDb.logStreamsDb;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.logStreamsDb?.$disconnect();
  globalForDb.logStreamsDb = undefined;
}

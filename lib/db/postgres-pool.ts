import pg from "pg";

/**
 * A burst makes event inserts wait for a connection and then for each other (they take turns): long
 * past pg's default of waiting forever or Prisma's 2 s; the answer to a burst is the ingest route's 503.
 */
export const POSTGRES_WAIT_MS = 30_000;

const globalForPool = globalThis as unknown as { logStreamsPgPools?: Map<string, pg.Pool> };

// No "@/" imports here: the Prisma CLI loads this file (prisma.config.ts → migrate-adapter.ts → adapter.ts).

/** The one pg pool of a PostgreSQL URL: Prisma's adapter (adapter.ts) and the hot paths (client.ts postgresPool) share it. */
export function postgresPoolFor(url: string): pg.Pool {
  globalForPool.logStreamsPgPools ??= new Map();
  let pool = globalForPool.logStreamsPgPools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: POSTGRES_WAIT_MS });
    globalForPool.logStreamsPgPools.set(url, pool);
  }
  return pool;
}

export async function endPostgresPools(): Promise<void> {
  const pools = [...(globalForPool.logStreamsPgPools?.values() ?? [])];
  globalForPool.logStreamsPgPools = undefined;
  await Promise.all(pools.map((pool) => pool.end()));
}

export type PostgresClient = pg.PoolClient;

/**
 * Runs `work` on a pooled connection, where it may open and commit a transaction. When `work`
 * throws, the connection is rolled back (outside a transaction a ROLLBACK only warns) and released.
 */
export async function withPostgresClient<T>(pool: pg.Pool, work: (client: PostgresClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await work(client);
    client.release();
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped from the pool, not handed out again.
    await client.query("ROLLBACK").then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}

/**
 * Runs `work` in one transaction on a pooled connection; `begin` is sent with BEGIN in the same
 * round trip (statements without parameters, e.g. taking a lock). Rolled back when `work` throws.
 */
export function postgresTransaction<T>(
  pool: pg.Pool,
  begin: string,
  work: (client: PostgresClient) => Promise<T>,
): Promise<T> {
  return withPostgresClient(pool, async (client) => {
    await client.query(`BEGIN; ${begin}`);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  });
}

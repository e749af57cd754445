import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createAdapter } from "./adapter";
import type { Database } from "./database-url";

const PG_CHAR_OID = 18;
const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;
/** Catalog column types that @prisma/adapter-pg cannot decode: the one-byte "char" and `name`. */
const CATALOG_TEXT_OIDS = new Set([PG_CHAR_OID, PG_NAME_OID]);

type QueryResultLike = { fields?: { dataTypeID: number }[] };

/** Catalog columns of type `name` (text of at most 63 bytes) and "char" read as text. */
function catalogColumnsAsText<T>(result: T): T {
  for (const field of (result as QueryResultLike | undefined)?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

function patchQuery<Q extends (...args: never[]) => unknown>(query: Q): Q {
  return ((...args: Parameters<Q>) => {
    const result = query(...args) as Promise<unknown> | undefined;
    return result instanceof Promise ? result.then(catalogColumnsAsText) : result;
  }) as Q;
}

/**
 * Prisma 6.19's Migrate reads PostgreSQL catalog columns of type `name` (and, for `db pull`,
 * "char"), which @prisma/adapter-pg cannot decode (prisma/orm#27403), so `migrate deploy` and
 * `db pull` fail. This pool presents those columns as text. Used only by the Prisma CLI (prisma.config.ts), not the app.
 */
class MigratePool extends pg.Pool {
  override query = patchQuery(super.query.bind(this)) as pg.Pool["query"];

  override connect(...args: unknown[]): never {
    if (args.length > 0) return (super.connect as (...a: unknown[]) => never)(...args);
    return super.connect().then((client) => {
      client.query = patchQuery(client.query.bind(client)) as typeof client.query;
      return client;
    }) as never;
  }
}

export function createMigrateAdapter(database: Database) {
  if (database.kind === "postgres") return new PrismaPg(new MigratePool({ connectionString: database.url }));
  return createAdapter(database);
}

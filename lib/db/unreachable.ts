/** Prisma's codes for a database it cannot reach, that did not answer in time, or that dropped the connection. */
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
/** What a driver adapter calls a connection that failed (@prisma/driver-adapter-utils' error kinds). */
const UNREACHABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

type AdapterCause = { kind?: unknown; code?: unknown };

/** What node-postgres (the pool ingestion and delivery use directly on PostgreSQL) throws when the server is away. */
const UNREACHABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const UNREACHABLE_PG_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect)/;

/** PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P (shut down, starting up). */
const isUnreachableSqlState = (code: unknown) =>
  typeof code === "string" && (code.startsWith("08") || code.startsWith("57P"));

function isUnreachableCause(cause: AdapterCause | undefined): boolean {
  if (!cause) return false;
  return (
    (typeof cause.kind === "string" && UNREACHABLE_ADAPTER_KINDS.has(cause.kind)) ||
    (cause.kind === "postgres" && isUnreachableSqlState(cause.code))
  );
}

/**
 * Whether `error` says the database could not be reached (down, restarting, connection cut) rather
 * than that a query was wrong: the caller may try again once it is back.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, meta, cause } = error as {
    name?: unknown;
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: AdapterCause } };
    cause?: AdapterCause;
  };
  if (name === "PrismaClientInitializationError") return true;
  if (
    typeof code === "string" &&
    (UNREACHABLE_PRISMA_CODES.has(code) || UNREACHABLE_SOCKET_CODES.has(code) || isUnreachableSqlState(code))
  )
    return true;
  if (error instanceof Error && UNREACHABLE_PG_MESSAGE.test(error.message)) return true;
  if (isUnreachableCause(meta?.driverAdapterError?.cause)) return true;
  return name === "DriverAdapterError" && isUnreachableCause(cause);
}

/** The last line of an error's message: Prisma's first lines quote the calling code. */
export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split("\n").at(-1)!.trim();
}

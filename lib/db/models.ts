// The model types and the Prisma namespace (Prisma.sql, Prisma.DbNull, Prisma.TransactionClient, input types) for
// domain code: lib/generated stays inside lib/db (.dependency-cruiser.cjs). Both generated clients have the same
// models (tests/postgres/schema-drift.test.ts); the SQLite one's types serve for both, as in client.ts.
export { Prisma } from "@/lib/generated/sqlite/client";
export type {
  AdminSession,
  ApiToken,
  AuditRecord,
  Auth0Source,
  DeliveryFailure,
  Event,
  LogStream,
  Setting,
  StreamAlertState,
  StreamMinuteStat,
  User,
} from "@/lib/generated/sqlite/client";

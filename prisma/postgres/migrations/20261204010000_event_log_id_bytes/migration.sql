-- Hand-written (Prisma's schema cannot name a column's collation). log_ids are unique by their bytes,
-- as SQLite compares them (BINARY): the "C" collation compares by memcmp, where the database's own
-- (en_US.UTF-8, say) calls strcoll for each of the unique index's comparisons, up to a third of
-- PostgreSQL's CPU per ingested body (docs/performance.md). Equal under a deterministic collation
-- means equal bytes, so no stored log_id conflicts. The unique index is rebuilt, the table is not.
ALTER TABLE "Event" ALTER COLUMN "logId" SET DATA TYPE TEXT COLLATE "C";

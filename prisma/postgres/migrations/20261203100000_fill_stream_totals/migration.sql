-- Hand-written, data only: the lifetime totals (20261201230000_stream_totals) began at 0 on upgrade.
-- Adds what the per-minute counters hold from before that migration ran: later minutes are in the
-- totals already, so a database that has counted since then gains only its older history.
UPDATE "LogStream" SET
  "deliveredTotal" = "deliveredTotal" + COALESCE((SELECT SUM("delivered") FROM "StreamMinuteStat" WHERE "StreamMinuteStat"."streamId" = "LogStream"."id" AND "StreamMinuteStat"."minute" < (SELECT MIN("started_at") FROM "_prisma_migrations" WHERE "migration_name" = '20261201230000_stream_totals')), 0),
  "failedTotal" = "failedTotal" + COALESCE((SELECT SUM("failed") FROM "StreamMinuteStat" WHERE "StreamMinuteStat"."streamId" = "LogStream"."id" AND "StreamMinuteStat"."minute" < (SELECT MIN("started_at") FROM "_prisma_migrations" WHERE "migration_name" = '20261201230000_stream_totals')), 0);

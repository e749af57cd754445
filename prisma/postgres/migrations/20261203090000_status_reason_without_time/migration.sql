-- statusReason no longer holds a formatted time: the Health banner writes the stream's statusChangedAt
-- and failingSince beside it. Reasons stored before lose their time (same SQL on SQLite and PostgreSQL).
UPDATE "LogStream" SET "statusReason" = 'Datadog rejected the API key (' || substr("statusReason", 31, 3) || ') — update the key in Settings'
WHERE "statusReason" LIKE 'Datadog rejected the API key (___) on % — update the key in Settings';

UPDATE "LogStream" SET "statusReason" = 'Suspended automatically: deliveries kept failing — check the failures below, then Resume'
WHERE "statusReason" LIKE 'Suspended automatically: deliveries have failed since % — check the failures below, then Resume';

// A stream whose pass stops on an error is held back in the database (hold.ts); when the database
// will not take the hold either, the dispatcher holds it itself, with the same growing wait, rather
// than take it again at once in a tight loop.
import Sqlite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher, uniqueEvents } from "../support/delivery";

setUpDeliveryTests();

describe("a stream the database refuses to hold", () => {
  it("is tried again only after growing waits, not in a loop", async () => {
    const databaseUrl = process.env.DATABASE_URL!;
    if (!databaseUrl.startsWith("file:")) return; // the refusal is a SQLite trigger
    const { stream } = await createTestStream();
    const { db } = await import("@/lib/db/client");
    // A key this version cannot read stops every pass (see newer-key-format.test.ts).
    await db().logStream.update({ where: { id: stream.id }, data: { apiKeyEncrypted: "v3.AAAA.BBBB.CCCC.DDDD" } });
    await ingest(uniqueEvents(3));
    const sqlite = new Sqlite(databaseUrl.slice("file:".length));
    sqlite.exec(`
      CREATE TABLE "Claim" ("at" INTEGER);
      CREATE TRIGGER "refuse_hold" BEFORE UPDATE OF "heldReason" ON "LogStream" WHEN NEW."heldReason" IS NOT NULL BEGIN SELECT RAISE(ABORT, 'hold refused'); END;
      CREATE TRIGGER "count_claims" AFTER UPDATE OF "leaseOwner" ON "LogStream" WHEN NEW."leaseOwner" IS NOT NULL BEGIN INSERT INTO "Claim" VALUES (1); END;`);
    const claims = () => (sqlite.prepare(`SELECT count(*) AS "n" FROM "Claim"`).get() as { n: number }).n;

    const { dispatcher } = await testDispatcher({ pollIntervalMs: 50 });
    const startedAt = Date.now();
    dispatcher.start();
    try {
      while (claims() < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      // Two waits of at least a second each came between the three tries.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_900);
      expect((await db().logStream.findUniqueOrThrow({ where: { id: stream.id } })).cursor).toBe(0n);
    } finally {
      await dispatcher.stop();
      sqlite.close();
    }
  });
});

import crypto from "node:crypto";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { startIntakeServer } from "@/standins/intake-server";
import { maskApiKey } from "@/lib/destinations/mask";
import { appClient } from "../support/app-client";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";
import { fakeDatadogApiKey } from "../support/fake-key";
import { sealAsV1 } from "../support/legacy-secret";

/** Runs one statement on the test's database (SQLite file or PostgreSQL); `?` placeholders. */
async function execute(databaseUrl: string, sql: string, params: string[]): Promise<Record<string, string>[]> {
  if (databaseUrl.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      let n = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows;
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(databaseUrl.replace(/^file:/, ""));
  try {
    const statement = db.prepare(sql);
    return statement.reader ? (statement.all(...params) as Record<string, string>[]) : (statement.run(...params), []);
  } finally {
    db.close();
  }
}

const oneEvent = () => [
  { log_id: `legacy-${crypto.randomBytes(4).toString("hex")}`, data: { type: "s", description: "Success Login" } },
];

describe("API keys stored before they were bound to their stream", () => {
  it("are re-encrypted for their stream at start-up (masked in old failures) and still deliver", async () => {
    const intake = await startIntakeServer();
    const database = await createTempDatabase();
    const credentials = newCredentials();
    const env = {
      DATABASE_URL: database.url,
      DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
      ...credentialEnv(credentials),
    };
    const apiKey = fakeDatadogApiKey();
    const api = (app: AppServer) => appClient(app.baseUrl, credentials);
    const failuresOf = async (app: AppServer, streamId: string) =>
      (await api(app).failures(streamId)).json as { error: string }[];
    try {
      // A stream with one recorded failure, as an older version left them: a v1 key, the key in the failure.
      const first = await startAppServer(env);
      let streamId: string;
      try {
        const response = await api(first).createStream({
          name: "legacy key",
          type: "datadog",
          sink: { datadogApiKey: apiKey, datadogRegion: "us" },
        });
        expect(response.status).toBe(200);
        streamId = (response.json as { id: string }).id;
        intake.setFault(apiKey, { status: 400, times: 1 });
        expect((await api(first).ingest(oneEvent())).status).toBe(202);
        await vi.waitFor(async () => expect(await failuresOf(first, streamId)).toHaveLength(1), { timeout: 20_000 });
      } finally {
        await first.stop();
      }
      const legacy = sealAsV1(apiKey, credentials.secret);
      await execute(database.url, `UPDATE "LogStream" SET "apiKeyEncrypted" = ? WHERE "id" = ?`, [legacy, streamId]);
      await execute(database.url, `UPDATE "DeliveryFailure" SET "error" = ? WHERE "streamId" = ?`, [
        `Forbidden for DD-API-KEY ${apiKey}`,
        streamId,
      ]);

      const second = await startAppServer(env);
      try {
        const events = oneEvent();
        expect((await api(second).ingest(events)).status).toBe(202);
        await vi.waitFor(
          () => expect(intake.received(apiKey).map((item) => item.log_id)).toEqual([events[0]!.log_id]),
          { timeout: 20_000 },
        );
        const [stored] = await execute(database.url, `SELECT "apiKeyEncrypted" FROM "LogStream" WHERE "id" = ?`, [
          streamId,
        ]);
        expect(stored!.apiKeyEncrypted).toMatch(/^v2\./);
        expect((await failuresOf(second, streamId)).map((f) => f.error)).toEqual([
          `Forbidden for DD-API-KEY ${maskApiKey(apiKey.slice(-4))}`,
        ]);
      } finally {
        await second.stop();
      }
    } finally {
      await intake.close();
    }
  });
});

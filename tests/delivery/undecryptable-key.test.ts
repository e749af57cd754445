import crypto from "node:crypto";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startIntakeServer, type IntakeServer } from "@/standins/intake-server";
import { appClient } from "../support/app-client";
import {
  credentialEnv,
  createTempDatabase,
  newCredentials,
  startAppServer,
  type AppServer,
  type TestCredentials,
} from "../support/app-server";
import { uniqueEvents, type FixtureEvent } from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

const UNDECRYPTABLE_KEY_REASON =
  "the stored API key cannot be decrypted: LOGSTREAMS_SECRET differs from the one it was saved with; restore it or enter the key again";

type StreamState = { cursor: bigint; leaseOwner: string | null; heldReason: string | null; heldUntil: string | null };

const started: AppServer[] = [];
let intake: IntakeServer | undefined;
afterAll(async () => {
  await Promise.all(started.map((app) => app.stop()));
  await intake?.close();
});

/** Polls until `check` returns a value (no assertion on how long it takes; the test's own timeout ends a hang). */
async function until<T>(check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a stream whose stored key this node cannot decrypt", () => {
  it("is held with the reason, without a loop, answers the API, and delivers everything once the secret or the key is right", async () => {
    intake = await startIntakeServer();
    const database = await createTempDatabase();
    if (database.kind !== "sqlite") return;
    const original = newCredentials();
    const other: TestCredentials = { ...original, secret: newCredentials().secret };
    const start = async (credentials: TestCredentials) => {
      const app = await startAppServer({
        DATABASE_URL: database.url,
        DATADOG_INTAKE_URL_TEMPLATE: intake!.urlTemplate,
        LOG_LEVEL: "info",
        ...credentialEnv(credentials),
      });
      started.push(app);
      return app;
    };
    // The tokens stay the original ones across restarts; only the secret changes.
    const api = (app: AppServer) => appClient(app.baseUrl, original);
    const ingest = async (app: AppServer, events: FixtureEvent[]) =>
      expect((await api(app).ingest(events)).status).toBe(202);
    const stateOf = (id: string) => {
      const sqlite = new Sqlite(database.filePath, { readonly: true });
      try {
        const row = sqlite
          .prepare(`SELECT "cursor", "leaseOwner", "heldReason", "heldUntil" FROM "LogStream" WHERE "id" = ?`)
          .safeIntegers(true)
          .get(id) as Omit<StreamState, "heldUntil"> & {
          heldUntil: unknown;
        };
        return { ...row, heldUntil: row.heldUntil === null ? null : String(row.heldUntil) } as StreamState;
      } finally {
        sqlite.close();
      }
    };
    const receivedIds = (apiKey: string) => intake!.received(apiKey).map((item) => item.log_id);

    // Two streams saved under the original secret, each delivering.
    let app = await start(original);
    const keys = [fakeDatadogApiKey(), fakeDatadogApiKey()];
    const ids: string[] = [];
    for (const key of keys) {
      const response = await api(app).createStream({
        name: `held ${crypto.randomBytes(4).toString("hex")}`,
        type: "datadog",
        sink: { datadogApiKey: key, datadogRegion: "us" },
      });
      expect(response.status).toBe(200);
      ids.push((response.json as { id: string }).id);
    }
    const first = uniqueEvents(5);
    await ingest(app, first);
    await until(() => (keys.every((key) => receivedIds(key).length === first.length) ? true : undefined));
    // Recorded, and the leases given back, so that nothing is sent again and the next node may take the streams at once.
    await until(() =>
      ids.every((id) => stateOf(id).cursor > 0n && stateOf(id).leaseOwner === null) ? true : undefined,
    );
    await app.stop();

    // Restarted with another secret: both streams are held, nothing is sent or skipped.
    app = await start(other);
    const second = uniqueEvents(6);
    await ingest(app, second);
    const cursorsBefore = ids.map((id) => stateOf(id).cursor);
    const heldUntils = new Set<string>();
    const errorLines = () =>
      app
        .output()
        .split("\n")
        .filter((line) => line.includes('"level":50'));
    // Three tries of the first stream: the hold is renewed each time, after a growing wait (or,
    // without holds, the tight loop's error lines pile up).
    await until(() => {
      const state = stateOf(ids[0]!);
      if (state.heldUntil) heldUntils.add(state.heldUntil);
      return heldUntils.size >= 3 || errorLines().length > 50 ? true : undefined;
    });
    for (const [index, id] of ids.entries()) {
      const state = stateOf(id);
      expect(state.heldReason).toBe(UNDECRYPTABLE_KEY_REASON);
      expect(state.cursor).toBe(cursorsBefore[index]);
    }
    expect(keys.map((key) => receivedIds(key).length)).toEqual([first.length, first.length]);
    // Logged once per stream, not on every try.
    expect(errorLines()).toHaveLength(2);
    expect(errorLines().every((line) => line.includes(`delivery held: ${UNDECRYPTABLE_KEY_REASON}`))).toBe(true);
    // The API still answers.
    expect((await api(app).listStreams()).status).toBe(200);
    const got = await api(app).getStream(ids[0]!);
    expect(got.status).toBe(200);
    expect((got.json as { status: string }).status).toBe("active");

    // Entering the key again releases the second stream at once: everything waiting arrives.
    expect((await api(app).patchStream(ids[1]!, { sink: { datadogApiKey: keys[1] } })).status).toBe(200);
    await until(() => (receivedIds(keys[1]!).length >= first.length + second.length ? true : undefined));
    expect(receivedIds(keys[1]!)).toEqual([...first, ...second].map((e) => e.log_id));
    expect(stateOf(ids[1]!).heldReason).toBeNull();
    await app.stop();

    // Restarted with the original secret: the first stream delivers what waited, none lost.
    app = await start(original);
    await until(() => (receivedIds(keys[0]!).length >= first.length + second.length ? true : undefined));
    expect(receivedIds(keys[0]!)).toEqual([...first, ...second].map((e) => e.log_id));
    await until(() => (stateOf(ids[0]!).heldReason === null ? true : undefined));
  }, 240_000);
});

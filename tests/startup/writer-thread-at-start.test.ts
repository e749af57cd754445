// The server starts the writer thread as it boots, so that the first ingested body after `npm start`
// does not wait for the thread to load (profiled: ~0.5 s of CPU on the first round). On PostgreSQL
// too: there the thread parses the ingested bodies.
import { describe, expect, it } from "vitest";
import { useDeliveryEnvironment } from "../support/delivery";

/** The writer thread as lib/db/sqlite-writer.ts keeps it: read, not changed. */
const writerThread = () => (globalThis as { logStreamsSqliteWriter?: { isReady: boolean } }).logStreamsSqliteWriter;

describe("server start", () => {
  it("starts the writer thread before anything is written", async () => {
    const { intake } = await useDeliveryEnvironment();
    process.env.LOGSTREAMS_WORKER = "off";
    const { startServerProcess } = await import("@/lib/server-start");
    await startServerProcess();

    const deadline = Date.now() + 30_000;
    while (!writerThread()?.isReady && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writerThread()?.isReady).toBe(true);
    await intake.close();
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it, vi } from "vitest";
import { api, newStreamBody } from "../support/api";
import { appClient } from "../support/app-client";
import { ROOT } from "../support/app-server";
import { uniqueEvents } from "../support/delivery";

const scrape = (token?: string) => appClient(inject("appUrl"), { apiToken: token }).metrics();

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics on the app", () => {
  it("answers 401 with an Auth0 error body without the Management API token, and never to the ingestion token", async () => {
    for (const token of [undefined, inject("ingestToken"), "wrong-token-0123456789"]) {
      const response = await scrape(token);
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ statusCode: 401, error: "Unauthorized" });
    }
  });

  it("reports a stream's deliveries, and the intake requests the app's own dispatcher made", async () => {
    const created = await api.createStream(newStreamBody());
    expect(created.status).toBe(200);
    const id: string = created.json.id;
    // Logins only: other files' streams filter on other categories (e.g. actions) to keep the shared app's events out.
    const ingested = await api.ingest(
      uniqueEvents(30).map((event) => ({ ...event, data: { ...event.data, type: "s" } })),
    );
    expect(ingested.status).toBe(202);

    await vi.waitFor(
      async () => {
        const response = await scrape(inject("apiToken"));
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toContain("text/plain");
        const { text } = response;
        // At least: other files ingest into the same app, and this stream, without filters, takes their events too.
        expect(sample(text, `logstreams_stream_events_delivered_total{stream_id="${id}"}`)).toBeGreaterThanOrEqual(30);
        expect(sample(text, `logstreams_intake_requests_total{stream_id="${id}",code="202"}`)).toBeGreaterThanOrEqual(
          1,
        );
        expect(sample(text, `logstreams_stream_backlog_events{stream_id="${id}"}`)).toBeDefined();
        expect(sample(text, "logstreams_events_ingested_total")).toBeGreaterThanOrEqual(30);
        expect(text).toContain("logstreams_intake_request_duration_seconds_bucket");
        expect(text).toContain("process_resident_memory_bytes");
      },
      { timeout: 30_000, interval: 100 },
    );

    // docs/grafana-dashboard.json queries only what the app exports.
    const { text } = await scrape(inject("apiToken"));
    const dashboard = fs.readFileSync(path.join(ROOT, "docs/grafana-dashboard.json"), "utf8");
    const queried = new Set(dashboard.match(/\b(logstreams|process|nodejs)_[a-z_]+/g));
    expect(queried.size).toBeGreaterThan(5);
    for (const name of queried) expect(text, name).toMatch(new RegExp(`^${name}[{ ]`, "m"));
  });
});

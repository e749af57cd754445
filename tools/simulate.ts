// npm run simulate -- --rate 20 --count 200: posts the fixture events (tests/fixtures) to the ingestion endpoint.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { isRedirect, redirectRefused, sendRequest } from "@/lib/outgoing/send-request";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    token: { type: "string", default: process.env.LOGSTREAMS_INGEST_TOKEN },
    rate: { type: "string", default: "10" },
    count: { type: "string", default: "100" },
    batch: { type: "string", default: "1" },
    fixtures: { type: "string", default: path.resolve(import.meta.dirname, "../tests/fixtures/auth0-events.ndjson") },
  },
});

if (!values.token) {
  console.error(
    "simulate: set LOGSTREAMS_INGEST_TOKEN or pass --token (the ingestion token the app printed on first start)",
  );
  process.exit(1);
}
const rate = Number(values.rate);
const count = Number(values.count);
const batchSize = Number(values.batch);
const fixtures = fs
  .readFileSync(values.fixtures, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { log_id: string; data: Record<string, unknown> });
const run = crypto.randomBytes(4).toString("hex");

/** A fixture event with a fresh log_id (so repeats are not deduplicated) and today's date. */
function eventAt(index: number) {
  const { data } = fixtures[index % fixtures.length]!;
  const logId = `sim-${run}-${index}`;
  return { log_id: logId, data: { ...data, log_id: logId, date: new Date().toISOString() } };
}

function parseAnswer(text: string): { accepted?: number; duplicates?: number; message?: string } {
  try {
    return JSON.parse(text) as { accepted?: number; duplicates?: number; message?: string };
  } catch {
    return { message: text.slice(0, 300) };
  }
}

let sent = 0;
let accepted = 0;
let duplicates = 0;
const progress = setInterval(
  () => console.log(`sent ${sent}/${count}  accepted ${accepted}  duplicates ${duplicates}`),
  1000,
);
const started = Date.now();
while (sent < count) {
  const size = Math.min(batchSize, count - sent);
  const body = Array.from({ length: size }, (_, i) => eventAt(sent + i));
  const response = await sendRequest(`${values.url}/api/v2/logs`, {
    method: "POST",
    headers: { authorization: `Bearer ${values.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    timeoutMs: 30_000,
    maxAnswerBytes: 64 * 1024,
  });
  const answer = parseAnswer(response.text);
  if (response.status !== 202) {
    console.error(
      `simulate: ${isRedirect(response.status) ? redirectRefused("the app", response.status) : `the app answered ${response.status}: ${answer.message ?? ""}`}`,
    );
    process.exit(1);
  }
  sent += size;
  accepted += answer.accepted ?? 0;
  duplicates += answer.duplicates ?? 0;
  const due = started + (sent / rate) * 1000;
  if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
}
clearInterval(progress);
console.log(
  `done: sent ${sent}, accepted ${accepted}, duplicates ${duplicates} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

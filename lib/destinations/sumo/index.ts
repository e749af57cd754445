import { Agent } from "undici";
import { sentEventJson } from "../auth0-event";
import { classifyStatus } from "../classify-status";
import type { Answer, Destination, Verdict } from "../destination";
import { destinationUrlProblem } from "../destination-url";
import { lastFour, maskApiKey } from "../mask";
import { sumoSink, sumoSinkSchema, type SumoSink } from "./sink";

/**
 * Sumo Logic recommends 100 KB to 1 MB of uncompressed data per request to an HTTP source, never
 * more than 1 MB. It documents no count of messages: this one keeps a batch's read of events small.
 */
export const MAX_BATCH_ITEMS = 1000;
export const MAX_BATCH_BYTES = 1_000_000;

// One keep-alive connection pool per process, shared by every Sumo Logic stream.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });

/** A run of base64url characters as long as an HTTP source's token (~100 characters), with a letter in it: a log_id is digits only. */
const TOKEN_SHAPE = /(?<![\w=-])[\w-]{40,}={0,2}(?![\w=-])/g;

/** The address as answers and pages show it: its scheme and host, and its last 4 characters. */
export function maskSourceAddress(address: string): string {
  const { protocol, host } = new URL(address);
  return `${protocol}//${host}/${maskApiKey(lastFour(address))}`;
}

/**
 * HTTP source answers (Sumo's troubleshooting page): 2xx delivered; 401 a token Sumo does not know
 * (the URL regenerated), 403 and 404 (a deleted source) suspend; 408, 429 and 5xx are retried; 413 splits.
 */
function classifySourceAnswer(answer: Answer): Verdict {
  if (answer.status === 404) return { kind: "suspend" };
  return classifyStatus(answer);
}

export const sumoDestination = {
  ...sumoSink,
  maskSecret: (_field, value) => maskSourceAddress(value),
  sinkProblem: (sink) => destinationUrlProblem(String(sink.sumoSourceAddress), "sumoSourceAddress"),
  configOf: (sink) => sumoSinkSchema.parse(sink),
  limits: () => ({ maxItems: MAX_BATCH_ITEMS, maxBytes: MAX_BATCH_BYTES, maxItemBytes: MAX_BATCH_BYTES - 1 }),
  encodeItem(event, { conceal }) {
    const json = sentEventJson(event, conceal);
    if (Buffer.byteLength(json) > MAX_BATCH_BYTES - 1)
      throw new Error(`it is over Sumo Logic's ${MAX_BATCH_BYTES / 1_000_000} MB per request`);
    return { json, isDelayed: false };
  },
  // One event per line, each line ended (newline-delimited JSON).
  encodeBody: (items) => `${items.join("\n")}\n`,
  bodyBytes: (itemBytes, count) => itemBytes + count,
  request: (config) => ({
    url: config.sumoSourceAddress,
    headers: { "Content-Type": "application/x-ndjson", "Content-Encoding": "gzip" },
    gzip: true,
    dispatcher: agent,
  }),
  classify: classifySourceAnswer,
  refusedReason: (status) =>
    status === 404
      ? "Sumo Logic does not know the HTTP source (404): it was deleted — create an HTTP source and paste its address into Settings"
      : `Sumo Logic refused the HTTP source address (${status}): its URL was regenerated or the source deleted — paste the source's current address into Settings`,
  maskAnswer: (text) => text.replace(TOKEN_SHAPE, (run) => (/[A-Za-z]/.test(run) ? maskApiKey(lastFour(run)) : run)),
} satisfies Destination<SumoSink>;

import { Agent } from "undici";
import { classifyStatus } from "../classify-status";
import type { Destination } from "../destination";
import { sentEventJson } from "../auth0-event";
import { destinationUrlProblem } from "../destination-url";
import { httpSink, httpSinkSchema, type HttpSink } from "./sink";

/** A batch of JSONARRAY or JSONLINES: at most this many events and bytes (before any compression). */
export const MAX_BATCH_ITEMS = 500;
export const MAX_BATCH_BYTES = 1_000_000;

// One keep-alive connection pool per process, shared by every webhook stream.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });

export const httpDestination = {
  ...httpSink,
  sinkProblem: (sink) => destinationUrlProblem(String(sink.httpEndpoint), "httpEndpoint"),
  configOf: (sink) => httpSinkSchema.parse(sink),
  limits: (config) => ({
    maxItems: config.httpContentFormat === "JSONOBJECT" ? 1 : MAX_BATCH_ITEMS,
    maxBytes: MAX_BATCH_BYTES,
    maxItemBytes: MAX_BATCH_BYTES - 2,
  }),
  encodeItem(event, { conceal }) {
    const json = sentEventJson(event, conceal);
    if (Buffer.byteLength(json) > MAX_BATCH_BYTES - 2)
      throw new Error(`it is over the webhook's ${MAX_BATCH_BYTES / 1_000_000} MB limit`);
    return { json, isDelayed: false };
  },
  encodeBody: (items, config) =>
    config.httpContentFormat === "JSONARRAY"
      ? `[${items.join(",")}]`
      : config.httpContentFormat === "JSONLINES"
        ? `${items.join("\n")}\n`
        : items.join(""),
  bodyBytes: (itemBytes, count, config) =>
    config.httpContentFormat === "JSONARRAY"
      ? itemBytes + 2 + Math.max(0, count - 1)
      : config.httpContentFormat === "JSONLINES"
        ? itemBytes + count
        : itemBytes,
  request(config) {
    const headers: Record<string, string> = {};
    for (const { header, value } of config.httpCustomHeaders) headers[header] = value;
    headers["Content-Type"] = config.httpContentType;
    if (config.httpAuthorization) headers.Authorization = config.httpAuthorization;
    return { url: config.httpEndpoint, headers, gzip: false, dispatcher: agent };
  },
  classify: classifyStatus,
  refusedReason: (status) =>
    `The webhook refused the request's credentials (${status}) — update the Authorization in Settings`,
} satisfies Destination<HttpSink>;

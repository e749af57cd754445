import { Agent } from "undici";
import { classifyStatus } from "../classify-status";
import type { Destination } from "../destination";
import { sentEventJson } from "../auth0-event";
import { destinationUrlProblem } from "../destination-url";
import { httpSink, httpSinkSchema, type ContentFormat } from "./sink";

/** A batch of JSONARRAY or JSONLINES: at most this many events and bytes (before any compression). */
export const MAX_BATCH_ITEMS = 500;
export const MAX_BATCH_BYTES = 1_000_000;

export type HttpConfig = {
  endpoint: string;
  contentType: string;
  format: ContentFormat;
  authorization?: string;
  headers: { header: string; value: string }[];
};

// One keep-alive connection pool per process, shared by every webhook stream.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });

export const httpDestination = {
  ...httpSink,
  sinkProblem: (sink) => destinationUrlProblem(String(sink.httpEndpoint), "httpEndpoint"),
  configOf: (sink) => {
    const parsed = httpSinkSchema.parse(sink);
    return {
      endpoint: parsed.httpEndpoint,
      contentType: parsed.httpContentType,
      format: parsed.httpContentFormat,
      authorization: parsed.httpAuthorization,
      headers: parsed.httpCustomHeaders,
    };
  },
  limits: (config) => ({
    maxItems: config.format === "JSONOBJECT" ? 1 : MAX_BATCH_ITEMS,
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
    config.format === "JSONARRAY"
      ? `[${items.join(",")}]`
      : config.format === "JSONLINES"
        ? `${items.join("\n")}\n`
        : items.join(""),
  bodyBytes: (itemBytes, count, config) =>
    config.format === "JSONARRAY"
      ? itemBytes + 2 + Math.max(0, count - 1)
      : config.format === "JSONLINES"
        ? itemBytes + count
        : itemBytes,
  request(config) {
    const headers: Record<string, string> = {};
    for (const { header, value } of config.headers) headers[header] = value;
    headers["Content-Type"] = config.contentType;
    if (config.authorization) headers.Authorization = config.authorization;
    return { url: config.endpoint, headers, gzip: false, dispatcher: agent };
  },
  classify: classifyStatus,
  refusedReason: (status) =>
    `The webhook refused the request's credentials (${status}) — update the Authorization in Settings`,
} satisfies Destination<HttpConfig>;

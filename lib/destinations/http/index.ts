import { Agent } from "undici";
import { concealedEventJsonOf } from "../auth0-event";
import { classifyStatus } from "../classify-status";
import type { Destination } from "../destination";
import { isIP } from "node:net";
import { env } from "@/lib/env";
import { auth0EventJson } from "@/lib/events/item-json";
import { httpSink, httpSinkSchema, type ContentFormat } from "./sink";

/** A batch of JSONARRAY or JSONLINES: at most this many events and bytes (before any compression). */
export const MAX_BATCH_ITEMS = 500;
export const MAX_BATCH_BYTES = 1_000_000;

export type HttpConfig = { endpoint: string; contentType: string; format: ContentFormat; authorization?: string; headers: { header: string; value: string }[] };

// One keep-alive connection pool per process, shared by every webhook stream.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/** Why the server may not send to `value`: plain http only to a loopback address, or with LOGSTREAMS_ALLOW_HTTP_DESTINATIONS=true. */
export function destinationUrlProblem(value: string, field: string): string | null {
  if (new URL(value).protocol === "https:") return null;
  if (isLoopbackHost(new URL(value).hostname) || env().LOGSTREAMS_ALLOW_HTTP_DESTINATIONS === "true") return null;
  return `${field} must be https; plain http is allowed only to a loopback address, or with LOGSTREAMS_ALLOW_HTTP_DESTINATIONS=true`;
}

export const httpDestination = {
  ...httpSink,
  sinkProblem: (sink) => destinationUrlProblem(String(sink.httpEndpoint), "httpEndpoint"),
  configOf: (sink) => {
    const parsed = httpSinkSchema.parse(sink);
    return { endpoint: parsed.httpEndpoint, contentType: parsed.httpContentType, format: parsed.httpContentFormat, authorization: parsed.httpAuthorization, headers: parsed.httpCustomHeaders };
  },
  limits: (config) => ({ maxItems: config.format === "JSONOBJECT" ? 1 : MAX_BATCH_ITEMS, maxBytes: MAX_BATCH_BYTES, maxItemBytes: MAX_BATCH_BYTES - 2 }),
  encodeItem(event, { conceal }) {
    const json = conceal ? concealedEventJsonOf(event.item, conceal) : auth0EventJson(event.item);
    if (Buffer.byteLength(json) > MAX_BATCH_BYTES - 2) throw new Error(`it is over the webhook's ${MAX_BATCH_BYTES / 1_000_000} MB limit`);
    return { json, isDelayed: false };
  },
  encodeBody: (items, config) => (config.format === "JSONARRAY" ? `[${items.join(",")}]` : config.format === "JSONLINES" ? `${items.join("\n")}\n` : items.join("")),
  bodyBytes: (itemBytes, count, config) => (config.format === "JSONARRAY" ? itemBytes + 2 + Math.max(0, count - 1) : config.format === "JSONLINES" ? itemBytes + count : itemBytes),
  request(config) {
    const headers: Record<string, string> = {};
    for (const { header, value } of config.headers) headers[header] = value;
    headers["Content-Type"] = config.contentType;
    if (config.authorization) headers.Authorization = config.authorization;
    return { url: config.endpoint, headers, gzip: false, dispatcher: agent };
  },
  classify: classifyStatus,
  refusedReason: (status) => `The webhook refused the request's credentials (${status}) — update the Authorization in Settings`,
} satisfies Destination<HttpConfig>;

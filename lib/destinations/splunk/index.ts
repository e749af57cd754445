import { itemTailOf, sentEventJson, type ItemTail } from "../auth0-event";
import type { Destination } from "../destination";
import { agentFor, classifyHecAnswer, hecEventUrl } from "./hec";
import { splunkSink, splunkSinkSchema, type SplunkSink } from "./sink";
import { checkHecToken } from "./token-check";

/**
 * A request's limits: 1 MB before compression is HEC's documented maximum content length on Splunk
 * Cloud (max_content_length), and the events of a batch as many as a Custom Webhook's.
 */
export const MAX_BATCH_ITEMS = 500;
export const MAX_BATCH_BYTES = 1_000_000;

/** One HEC event: `time` in epoch seconds from the event's date, `host` the tenant's, Auth0's `{log_id, data}` as `event`. */
export function hecEventJson(eventJson: string, { date, hostname }: ItemTail): string {
  const dateMs = date === undefined ? NaN : Date.parse(date);
  let json = "{";
  if (Number.isFinite(dateMs)) json += `"time":${dateMs / 1000},`;
  if (hostname !== undefined) json += `"host":${JSON.stringify(hostname)},`;
  return `${json}"source":"auth0","sourcetype":"auth0","event":${eventJson}}`;
}

export const splunkDestination = {
  ...splunkSink,
  configOf: (sink) => splunkSinkSchema.parse(sink),
  limits: () => ({ maxItems: MAX_BATCH_ITEMS, maxBytes: MAX_BATCH_BYTES, maxItemBytes: MAX_BATCH_BYTES }),
  encodeItem(event, { conceal }) {
    const json = hecEventJson(sentEventJson(event, conceal), itemTailOf(event.item));
    if (Buffer.byteLength(json) > MAX_BATCH_BYTES)
      throw new Error(`it is over HEC's ${MAX_BATCH_BYTES / 1_000_000} MB limit`);
    return { json, isDelayed: false };
  },
  // HEC takes events stacked one after another: no array, no separator.
  encodeBody: (items) => items.join(""),
  bodyBytes: (itemBytes) => itemBytes,
  request: (config) => ({
    url: hecEventUrl(config),
    headers: {
      Authorization: `Splunk ${config.splunkToken}`,
      "Content-Type": "application/json",
      "Content-Encoding": "gzip",
    },
    gzip: true,
    dispatcher: agentFor(config),
  }),
  classify: classifyHecAnswer,
  refusedReason: (status) =>
    `Splunk refused the HEC token (${status}): it is unknown or disabled — update the token in Settings, or enable it in Splunk`,
  checkCredentials: (config) => checkHecToken(config),
} satisfies Destination<SplunkSink>;

import crypto from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { recordAudit } from "@/lib/audit/record";
import type { Region } from "@/lib/streams/regions";
import { defaultDeliveryContext } from "./context";
import { intakeUrl, postToIntake } from "./datadog-client";
import { itemJson, withTags } from "@/lib/events/item-json";

const gzip = promisify(zlib.gzip);

export type TestEventResult = { ok: boolean; statusCode: number | null; detail: string };

/**
 * Sends one synthetic Auth0-shaped event now, once, with the stream's tags, and reports Datadog's
 * answer; the audit record names `stream` (none from the create wizard) and the answer, never the key.
 */
export async function sendTestEvent(target: { apiKey: string; region: Region; ddtags?: string | null; stream?: { id: string; name: string } | null }, ctx = defaultDeliveryContext()): Promise<TestEventResult> {
  const logId = `log_streams_test_${crypto.randomBytes(8).toString("hex")}`;
  const data = {
    date: ctx.now().toISOString(),
    type: "log_streams_test",
    description: "Log Streams test event: the connection to Datadog works",
    log_id: logId,
  };
  const item = target.ddtags ? withTags(itemJson(logId, data), target.ddtags) : itemJson(logId, data);
  const answer = await postToIntake(intakeUrl(ctx.urlTemplate, target.region), target.apiKey, await gzip(`[${item}]`), ctx.timeoutMs, ctx.now());
  const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
  await recordAudit({ action: "stream.test_event_sent", target: { type: "stream", ...target.stream }, changes: { region: target.region, accepted: ok, statusCode: answer.status } });
  return { ok, statusCode: answer.status, detail: ok ? "Datadog accepted the test event" : answer.detail || `HTTP ${answer.status}` };
}

import crypto from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { SinkFields } from "@/lib/destinations/destination";
import { destinationOf } from "@/lib/destinations/registry";
import { secretValuesOf } from "@/lib/destinations/stored-sink";
import { itemJson } from "@/lib/events/item-json";
import { batchItem } from "./batch";
import { defaultDeliveryContext } from "./context";
import { maskSecretsIn, postBody } from "./post";
import { sendableOf, type Target } from "./send";

export type TestEventResult = { ok: boolean; statusCode: number | null; detail: string };

/**
 * Sends one synthetic Auth0-shaped event now, once, to a sink of `type` (its secrets in clear), and reports the
 * destination's answer; the audit record names `stream` (none from the create wizard) and the answer, never a secret.
 */
export async function sendTestEvent(
  to: { type: string; sink: SinkFields; stream?: { id: string; name: string } | null },
  ctx = defaultDeliveryContext(),
): Promise<TestEventResult> {
  const destination = destinationOf(to.type);
  const target: Target = {
    destination,
    config: destination.configOf(to.sink),
    secrets: secretValuesOf(to.sink, destination),
  };
  const logId = `log_streams_test_${crypto.randomBytes(8).toString("hex")}`;
  const data = {
    date: ctx.now().toISOString(),
    type: "log_streams_test",
    description: `Log Streams test event: the connection to ${destination.label} works`,
    log_id: logId,
  };
  const item = batchItem(
    { seq: 0n, logId, type: data.type, item: itemJson(logId, data), dateMs: BigInt(Date.parse(data.date)) },
    { destination, config: target.config, conceal: null, now: ctx.now() },
  );
  const sendable = await sendableOf([item], target);
  const plan = destination.request(target.config, { urlTemplate: ctx.urlTemplate });
  const answer = await postBody(
    plan,
    sendable.body,
    ctx.timeoutMs,
    (text) => maskSecretsIn(text, target.secrets, destination),
    destination.label,
    ctx.now(),
  );
  const ok = destination.classify(answer).kind === "delivered";
  await recordAudit({
    action: "stream.test_event_sent",
    target: { type: "stream", ...to.stream },
    changes: { type: to.type, accepted: ok, statusCode: answer.status },
  });
  return {
    ok,
    statusCode: answer.status,
    detail: ok ? `${destination.label} accepted the test event` : answer.detail || `HTTP ${answer.status}`,
  };
}

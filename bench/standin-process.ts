// One destination's stand-in in its own process (`npm run bench -- --destination …`), with one
// receiver: its gunzip and parsing do not share the bench's event loop, as bench/intake-process.ts
// for Datadog. Told over IPC: "stats" → the events its accepted requests held, and when the last was answered.
import diagnostics from "node:diagnostics_channel";
import type http from "node:http";
import { startSplunkHec } from "@/standins/splunk-hec";
import { startSumoSource } from "@/standins/sumo-source";
import { startWebhookReceiver } from "@/standins/webhook-receiver";

export type StandinReceiver =
  | { type: "http"; url: string }
  | { type: "splunk"; domain: string; port: string; token: string }
  | { type: "sumo"; address: string };
export type StandinStats = { events: number; lastAt: number | null };

let lastAt: number | null = null;
// Every answer of this process's server (http and https alike) is stamped as it is finished.
diagnostics.subscribe("http.server.response.finish", (message) => {
  const { response } = message as { response: http.ServerResponse };
  if (response.statusCode >= 200 && response.statusCode < 300) lastAt = Date.now();
});

async function startReceiver(type: string): Promise<{ receiver: StandinReceiver; events: () => number }> {
  if (type === "http") {
    const webhook = await startWebhookReceiver();
    const path = "/hook/bench";
    const events = () =>
      webhook.requests(path).reduce((n, r) => n + (r.status >= 200 && r.status < 300 ? r.events.length : 0), 0);
    return { receiver: { type, url: webhook.urlFor(path) }, events };
  }
  if (type === "splunk") {
    const hec = await startSplunkHec();
    const token = "bench-hec-token-0123456789";
    hec.addToken(token);
    const events = () => hec.requests(token).reduce((n, r) => n + (r.code === 0 ? r.events.length : 0), 0);
    return { receiver: { type, domain: hec.domain, port: hec.port, token }, events };
  }
  if (type === "sumo") {
    const sumo = await startSumoSource();
    const source = sumo.createSource();
    const events = () =>
      sumo.requests(source.token).reduce((n, r) => n + (r.status >= 200 && r.status < 300 ? r.lines.length : 0), 0);
    return { receiver: { type, address: source.address }, events };
  }
  throw new Error(`no stand-in for destination type '${type}'`);
}

const { receiver, events } = await startReceiver(process.argv[2] ?? "");
process.on("message", () => process.send?.({ events: events(), lastAt } satisfies StandinStats));
process.send?.(receiver);

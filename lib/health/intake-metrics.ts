import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** What this process measures itself (the rest of /metrics comes from the database). */
export type ProcessMetrics = {
  registry: Registry;
  intakeRequests: Counter<"stream_id" | "code">;
  intakeDuration: Histogram;
};

// On globalThis: Next bundles the dispatcher (instrumentation) and the /metrics route separately,
// and both must see the same counters.
const KEY = Symbol.for("logstreams.processMetrics");
const holder = globalThis as unknown as { [KEY]?: ProcessMetrics };

export function processMetrics(): ProcessMetrics {
  if (holder[KEY]) return holder[KEY];
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  holder[KEY] = {
    registry,
    intakeRequests: new Counter({
      name: "logstreams_intake_requests_total",
      help: "Datadog intake answers by HTTP status; network or timeout when none came (this process)",
      labelNames: ["stream_id", "code"],
      registers: [registry],
    }),
    intakeDuration: new Histogram({
      name: "logstreams_intake_request_duration_seconds",
      help: "Time of each Datadog intake request (this process)",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
  return holder[KEY];
}

/** `code` is the HTTP status, or "network" / "timeout" when no answer came. `streamId` is empty for the wizard's test events. */
export function observeIntakeRequest(streamId: string, code: number | "network" | "timeout", seconds: number): void {
  const metrics = processMetrics();
  metrics.intakeRequests.inc({ stream_id: streamId, code: String(code) });
  metrics.intakeDuration.observe(seconds);
}

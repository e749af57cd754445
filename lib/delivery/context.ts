import { env } from "@/lib/env";
import type { DeliveryContext } from "./send";

/** Datadog gets this long to answer one request. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The real clock, sleep and intake URL: what deliveries outside a test use. */
export function defaultDeliveryContext(): DeliveryContext {
  return {
    urlTemplate: env().DATADOG_INTAKE_URL_TEMPLATE,
    timeoutMs: REQUEST_TIMEOUT_MS,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

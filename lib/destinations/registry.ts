import { datadogDestination } from "./datadog";
import type { Destination } from "./destination";
import { httpDestination } from "./http";
import { splunkDestination } from "./splunk";
import { isStreamType, type StreamType } from "./sinks";
import { sumoDestination } from "./sumo";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each destination has a Config of its own
type AnyDestination = Destination<any>;

/** Every destination this server delivers to: one line each (and one in sinks.ts). */
export const DESTINATIONS = {
  datadog: datadogDestination,
  http: httpDestination,
  splunk: splunkDestination,
  sumo: sumoDestination,
} as const satisfies Record<StreamType, AnyDestination>;

/** The destination of a stream's type; the engine holds it as an opaque Destination. */
export function destinationOf(type: string): Destination {
  if (!isStreamType(type)) throw new Error(`no destination for stream type '${type}'`);
  return DESTINATIONS[type] as unknown as Destination;
}

import type { z } from "zod";
import { datadogSink } from "./datadog/sink";
import type { SinkSpec } from "./destination";
import { httpSink } from "./http/sink";
import { splunkSink } from "./splunk/sink";
import { sumoSink } from "./sumo/sink";

/**
 * Every destination's sink as the API, the wizard and Settings know it (browser-safe): one line
 * each. The engine's side of each is in registry.ts.
 */
export const SINKS = {
  datadog: datadogSink,
  http: httpSink,
  splunk: splunkSink,
  sumo: sumoSink,
} as const satisfies Record<string, SinkSpec>;

export type StreamType = keyof typeof SINKS;
export const STREAM_TYPES = Object.keys(SINKS) as [StreamType, ...StreamType[]];

export function isStreamType(type: string): type is StreamType {
  return Object.hasOwn(SINKS, type);
}

/** Whether a sink of `type` may go without the field (a webhook's Authorization; not Datadog's API key). */
export function isOptionalSinkField(type: StreamType, name: string): boolean {
  const schema = (SINKS[type].sinkSchema as z.ZodObject).shape[name];
  return schema?.safeParse(undefined).success ?? false;
}

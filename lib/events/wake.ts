import { EventEmitter } from "node:events";

/**
 * In-process signal from ingestion to the dispatcher: "new events are stored". A dispatcher in
 * another process does not hear it and relies on its poll interval instead.
 */
// On globalThis: Next bundles instrumentation and route handlers separately, each with its own module copy.
const globalForWake = globalThis as unknown as { logStreamsWake?: EventEmitter };
const signal = (globalForWake.logStreamsWake ??= new EventEmitter().setMaxListeners(0));

export function notifyEventsStored(): void {
  signal.emit("stored");
}

export function onEventsStored(listener: () => void): () => void {
  signal.on("stored", listener);
  return () => signal.off("stored", listener);
}

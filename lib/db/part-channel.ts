import { MessageChannel, receiveMessageOnPort, type MessagePort, type Transferable } from "node:worker_threads";

/**
 * One end of a channel over which one thread sends another the parts of a piece of work, which the
 * other takes synchronously (inside a SQLite transaction, which must not span an await).
 * `signal[0]` counts the parts sent (the receiver sleeps on it); `signal[1]` is set when no more
 * will come (the sender failed or stopped).
 */
export type PartChannelEnd = { port: MessagePort; signal: Int32Array };

const SENT = 0;
const STOPPED = 1;

/**
 * How long a receiver waits for a part before it gives up, should the sender's failure go
 * unreported: parsing a whole 5 MB body takes well under a second.
 */
const PART_TIMEOUT_MS = 60_000;

export function openPartChannel(): { sender: PartChannelEnd; receiver: PartChannelEnd } {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  return { sender: { port: port1, signal }, receiver: { port: port2, signal } };
}

/** Sends a part, handing over `transfer` (memory it holds) rather than copying it. */
export function sendPart({ port, signal }: PartChannelEnd, part: unknown, transfer: Transferable[] = []): void {
  port.postMessage(part, transfer);
  Atomics.add(signal, SENT, 1);
  Atomics.notify(signal, SENT);
}

/** Tells the receiver that no more parts will come (from any thread that holds the signal). */
export function stopParts(signal: Int32Array): void {
  Atomics.store(signal, STOPPED, 1);
  Atomics.add(signal, SENT, 1);
  Atomics.notify(signal, SENT);
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false } | { async: true; value: Promise<string> };

/** Resolves once the first part is sent or the sender stopped, without blocking the thread meanwhile (Atomics.waitAsync: Node 20 has it, TypeScript's ES2022 types not). */
export async function firstPartSent({ signal }: PartChannelEnd): Promise<void> {
  const waited = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(signal, SENT, 0, PART_TIMEOUT_MS);
  if (waited.async) await waited.value;
}

/** The next part, waiting for it (blocking the thread); throws when the sender stopped or took too long. */
export function receivePart({ port, signal }: PartChannelEnd): unknown {
  const deadline = Date.now() + PART_TIMEOUT_MS;
  for (;;) {
    const sent = Atomics.load(signal, SENT);
    const received = receiveMessageOnPort(port);
    if (received) return received.message;
    if (Atomics.load(signal, STOPPED) === 1) throw new Error("The parts stopped coming before the last one");
    const left = deadline - Date.now();
    if (left <= 0) throw new Error("No part came in time");
    Atomics.wait(signal, SENT, sent, left);
  }
}

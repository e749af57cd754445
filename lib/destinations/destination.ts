import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { EventStore, StoredEvent } from "@/lib/events/event-store";

/**
 * The seam between the delivery engine (lib/delivery) and a destination (lib/destinations/<type>/):
 * everything the engine needs to know of one, as data and pure functions. The engine reads events,
 * filters them, applies PII, cuts batches at `limits`, sends, retries, records failures and suspends;
 * a destination says how items look, how a batch is framed and sent, and what an answer means.
 * Adding one is a folder plus a line in registry.ts.
 */

/** A sink as the API carries it: Auth0's field names. */
export type SinkFields = Record<string, unknown>;

/** What to do with a batch after the destination's answer; the engine handles each in one exhaustive switch. */
export type Verdict =
  | { kind: "delivered" }
  /** Sent again after the engine's backoff, which honours `retryAfterMs` (the answer's Retry-After). */
  | { kind: "retry"; retryAfterMs?: number }
  /** The batch was too large: its halves are sent (one event alone fails). */
  | { kind: "split" }
  /** The batch fails at once: a failure record, and the stream moves on. */
  | { kind: "fail" }
  /** The credentials were refused: a failure record, and the stream is suspended at its place. */
  | { kind: "suspend" };

/** A destination's answer to one request: `status` null when none came (network error, timeout); `text` read up to 64 KB. */
export type Answer = { status: number | null; text: string; retryAfterMs?: number };

/** One event as the destination's item: its JSON text, and whether it goes without its date (Datadog's window; counted in Health). */
export type EncodedItem = { json: string; isDelayed: boolean };

/** The stream's PII rule, applied by the engine to an event's `data`; null when the stream has none. */
export type Conceal = (data: Record<string, unknown>) => Record<string, unknown>;

export type EncodeOptions<Config> = { config: Config; conceal: Conceal | null; now: Date };

/** One request's limits: items, bytes of the body before compression, and bytes of one item. */
export type BatchLimits = { maxItems: number; maxBytes: number; maxItemBytes: number };

/** Where and how a body is sent. `dispatcher`: a connection pool of the destination's own (e.g. keep-alive). */
export type RequestPlan = { url: string; headers: Record<string, string>; gzip: boolean; dispatcher?: Dispatcher };

/** Surroundings a request is built with: Datadog's intake URL template (tests point it at a loopback stand-in). */
export type RequestContext = { urlTemplate: string };

/**
 * The destination's fast path (Datadog on SQLite): a whole body joined by the database from stored
 * items, without any event becoming an object. "not as stored" when the events cannot go as stored
 * or the database cannot join them (the engine then encodes them one by one); null when nothing waits.
 */
export type StoredBody = {
  count: number;
  lastSeq: bigint;
  body: Buffer;
  /** Items sent without their date (Datadog's window), counted in Health. */ delayed: number;
};

/** What a credentials check (e.g. Datadog's Check key) found; `unreachable` is a warning only. */
export type CredentialsCheck =
  { result: "valid" } | { result: "invalid"; statusCode: number } | { result: "unreachable"; detail: string };

/** A field of the wizard's and Settings' form. */
export type FormField = {
  name: string;
  label: string;
  kind: "text" | "secret" | "select" | "headers" | "boolean";
  options?: readonly string[];
  placeholder?: string;
  help?: string;
};

/**
 * What the API, the wizard and Settings know of a destination: browser-safe (each destination's
 * sink.ts), listed in sinks.ts. The engine's part is Destination, which extends it (registry.ts).
 */
export type SinkSpec = {
  type: string;
  /** As the wizard, the stream list and alerts name it. */
  label: string;
  /** Its logo: a mark of components/destination-logo.tsx (BRAND_MARKS), else a webhook icon (the wizard, the stream list). */
  logo: string;
  /** The sink as the API takes it on create (z.strictObject, Auth0's field names). */
  sinkSchema: z.ZodObject;
  /** Fields of the sink that are secrets: encrypted at rest bound to the stream, never answered whole. */
  secretFields: readonly string[];
  /** Fields naming where the secrets go (an endpoint, a host): a stored secret is never sent elsewhere, so changing one needs the secrets again. */
  secretsBoundTo?: readonly string[];
  formFields: readonly FormField[];
};

export type Destination<Config = unknown> = SinkSpec & {
  /** How a secret shows in answers and pages (default: its last 4 characters). */
  maskSecret?(field: string, value: string): string;
  /** Why a checked sink may not be used on this server (e.g. plain http where the operator does not allow it), or null. */
  sinkProblem?(sink: SinkFields): string | null;
  /** The config delivery uses, from the full sink (secrets in clear). */
  configOf(sink: SinkFields): Config;
  limits(config: Config): BatchLimits;
  /** One event as an item; throws when the event cannot be made one (it becomes a failure record). */
  encodeItem(event: StoredEvent, options: EncodeOptions<Config>): EncodedItem;
  /** The request body of items in order (the framing). */
  encodeBody(items: readonly string[], config: Config): string;
  /** Bytes of the body holding `count` items of `itemBytes` bytes in all (framing included). */
  bodyBytes(itemBytes: number, count: number, config: Config): number;
  /** A body of stored items joined by the event store: through `readJoined` when given (the engine's), else EventStore.readJoined. */
  readStoredBody?(
    afterSeq: bigint,
    config: Config,
    now: Date,
    readJoined?: EventStore["readJoined"],
  ): Promise<StoredBody | "not as stored" | null>;
  request(config: Config, context: RequestContext): RequestPlan;
  classify(answer: Answer): Verdict;
  /** The Health banner's words when the destination refused the credentials (`status`). */
  refusedReason(status: number): string;
  /** Masks in an answer what may be a secret beyond the stream's own (e.g. anything shaped like an API key). */
  maskAnswer?(text: string): string;
  checkCredentials?(config: Config): Promise<CredentialsCheck>;
};

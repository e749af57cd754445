import xxhash from "xxhash-wasm";
import type { Conceal } from "@/lib/destinations/destination";
import type { PII_FIELDS } from "@/lib/streams/schemas";

export type PiiField = (typeof PII_FIELDS)[number];
export type PiiConfig = { log_fields: PiiField[]; method: "mask" | "hash"; algorithm?: "xxhash" };

/** The keys of an Auth0 event that carry each PII field, at any depth. */
const KEYS_BY_FIELD: Record<PiiField, readonly string[]> = {
  first_name: ["first_name", "given_name", "firstName"],
  last_name: ["last_name", "family_name", "lastName"],
  username: ["username", "user_name", "userName", "nickname"],
  email: ["email", "email_address"],
  phone: ["phone", "phone_number", "phoneNumber"],
  address: ["address"],
};

/** A masked value: fixed, so it reveals nothing about the original's length. */
export const MASKED_VALUE = "******";

let hasherPromise: ReturnType<typeof xxhash> | undefined;

/** Loads the xxhash WebAssembly module once per process. */
export async function loadHasher(): Promise<(value: string) => string> {
  hasherPromise ??= xxhash();
  const { h64ToString } = await hasherPromise;
  return h64ToString;
}

/**
 * Returns `data` with every configured field masked or replaced by its xxhash64 (hex), wherever
 * it occurs. Objects and arrays under a PII key (e.g. an address object) are replaced whole.
 */
export function applyPii(data: unknown, config: PiiConfig, hash: (value: string) => string): unknown {
  const keys = new Set(config.log_fields.flatMap((field) => KEYS_BY_FIELD[field]));
  const conceal = (value: unknown) => {
    if (value === null || value === undefined || value === "") return value;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return config.method === "hash" ? hash(text) : MASKED_VALUE;
  };
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== "object" || value === null) return value;
    // Null prototype: an event's own "__proto__" key is kept as data, not taken for the object's prototype.
    const result: Record<string, unknown> = Object.create(null);
    for (const [key, inner] of Object.entries(value)) result[key] = keys.has(key) ? conceal(inner) : walk(inner);
    return result;
  };
  return walk(data);
}

/** The stream's PII rule as a function over an event's `data` (what a destination's encoder calls); null without a rule. */
export async function concealerOf(config: PiiConfig | null): Promise<Conceal | null> {
  if (!config) return null;
  const hash = config.method === "hash" ? await loadHasher() : (value: string) => value;
  return (data) => applyPii(data, config, hash) as Record<string, unknown>;
}

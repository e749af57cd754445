const MASK_PREFIX = "••••";

/** The only form in which a stored API key leaves the server: its last 4 characters. */
export function maskApiKey(last4: string): string {
  return `${MASK_PREFIX}${last4}`;
}

/** True for a value that is a masked secret sent back unchanged (e.g. a GET → PATCH round trip), a Sumo address's `https://host/••••abcd` included. */
export function isMaskedApiKey(value: string): boolean {
  return value.includes(MASK_PREFIX);
}

export function lastFour(apiKey: string): string {
  return apiKey.slice(-4);
}

/** Exactly 32 hex characters, the shape of a Datadog API key; a longer hex run (a hash, an id) is left alone. */
const DATADOG_KEY_SHAPE = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/gi;

/** `text` (an intake's answer, say) with `apiKey` and anything shaped like a Datadog API key in their masked form. */
export function maskApiKeysIn(text: string, apiKey: string): string {
  const withoutKey = apiKey === "" ? text : text.replaceAll(apiKey, maskApiKey(lastFour(apiKey)));
  return withoutKey.replace(DATADOG_KEY_SHAPE, (key) => maskApiKey(lastFour(key)));
}

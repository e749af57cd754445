const MASK_PREFIX = "••••";

/** The only form in which a stored API key leaves the server: its last 4 characters. */
export function maskApiKey(last4: string): string {
  return `${MASK_PREFIX}${last4}`;
}

/** True for a value that is a masked key sent back unchanged (e.g. a GET → PATCH round trip). */
export function isMaskedApiKey(value: string): boolean {
  return value.startsWith(MASK_PREFIX);
}

export function lastFour(apiKey: string): string {
  return apiKey.slice(-4);
}

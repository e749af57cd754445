/** The Health chart's ranges and their bucket sizes (client-safe: no database imports). */
export const HEALTH_RANGES = {
  "1h": { label: "Last hour", durationMs: 60 * 60_000, bucketMs: 60_000 },
  "24h": { label: "Last 24 hours", durationMs: 24 * 60 * 60_000, bucketMs: 30 * 60_000 },
  "7d": { label: "Last 7 days", durationMs: 7 * 24 * 60 * 60_000, bucketMs: 6 * 60 * 60_000 },
} as const;

export type HealthRange = keyof typeof HEALTH_RANGES;

export const DEFAULT_HEALTH_RANGE: HealthRange = "24h";

/** The range a query string asks for; anything else (unknown, repeated, "constructor", "__proto__") is the default. */
export function toHealthRange(value: unknown): HealthRange {
  return typeof value === "string" && Object.hasOwn(HEALTH_RANGES, value)
    ? (value as HealthRange)
    : DEFAULT_HEALTH_RANGE;
}

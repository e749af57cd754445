import { z } from "zod";
import type { SinkSpec } from "../destination";
import { normalizeRegion, REGIONS, REGION_VALUES } from "./regions";
import { datadogTagsSchema } from "./tags";

/** Datadog API keys are 32 hex characters; anything much longer is a paste error. */
const API_KEY_MAX_LENGTH = 256;

export const regionSchema = z.string({ error: "datadogRegion must be a string" }).transform((value, ctx) => {
  const region = normalizeRegion(value);
  if (!region) {
    ctx.addIssue({
      code: "custom",
      message: `unknown datadogRegion '${value}'; use one of ${REGION_VALUES.join(", ")}`,
    });
    return z.NEVER;
  }
  return region;
});

export const apiKeySchema = z
  .string({ error: "datadogApiKey must be a string" })
  .trim()
  .min(1, "datadogApiKey is required")
  .max(API_KEY_MAX_LENGTH, `datadogApiKey must be at most ${API_KEY_MAX_LENGTH} characters`)
  .regex(/^[\x21-\x7e]+$/, "datadogApiKey may not contain spaces or non-ASCII characters");

/** `datadogTags` is this server's extension of Auth0's Datadog sink; null or "" means none. */
export const datadogSinkSchema = z.strictObject({
  datadogApiKey: apiKeySchema,
  datadogRegion: regionSchema,
  datadogTags: datadogTagsSchema.nullable().optional(),
});

export const datadogSink = {
  type: "datadog",
  label: "Datadog",
  logo: "datadog",
  sinkSchema: datadogSinkSchema,
  secretFields: ["datadogApiKey"],
  formFields: [
    { name: "datadogApiKey", label: "API key", kind: "secret" },
    { name: "datadogRegion", label: "Region", kind: "select", options: REGIONS.map((r) => r.region) },
    { name: "datadogTags", label: "Tags", kind: "text", placeholder: "env:prod,team:iam" },
  ],
} as const satisfies SinkSpec;

import { z } from "zod";
import { FILTER_CATEGORY_NAMES } from "./categories";
import { isMaskedApiKey } from "./mask";
import { invisibleCharacter, mixedScripts } from "./name-scripts";
import { normalizeRegion, REGION_VALUES } from "./regions";
import { datadogTagsSchema } from "./tags";

export const STREAM_TYPES = ["datadog"] as const;
export const PII_FIELDS = ["first_name", "last_name", "username", "email", "phone", "address"] as const;

/** Auth0 publishes no limit on a log stream name; this one keeps names readable in lists and logs. */
export const NAME_MAX_LENGTH = 128;
/** Letters, digits, spaces and - _ . ( ): no markup, slashes or control characters in names shown everywhere. */
const NAME_PATTERN = /^[\p{L}\p{N} _.()-]+$/u;
/** Datadog API keys are 32 hex characters; anything much longer is a paste error. */
const API_KEY_MAX_LENGTH = 256;

/**
 * Normalised to NFKC first (a decomposed é is one letter; full-width Ｐrod is Prod), so that a name
 * looks like no other; then invisible characters and mixed scripts are refused (see name-scripts).
 */
export const nameSchema = z
  .string({ error: "name must be a string" })
  .trim()
  .normalize("NFKC")
  .min(1, "name is required")
  .max(NAME_MAX_LENGTH, `name must be at most ${NAME_MAX_LENGTH} characters`)
  .superRefine((name, ctx) => {
    const invisible = invisibleCharacter(name);
    if (invisible) return ctx.addIssue({ code: "custom", message: `The name contains an invisible or control character (${invisible}): remove it.` });
    if (!NAME_PATTERN.test(name)) return ctx.addIssue({ code: "custom", message: "name may only contain letters, digits, spaces and - _ . ( )" });
    const scripts = mixedScripts(name);
    if (scripts) {
      const listed = `${scripts.slice(0, -1).join(", ")} and ${scripts.at(-1)}`;
      ctx.addIssue({ code: "custom", message: `The name mixes scripts (${listed}): letters that look alike could pass for another stream's name. Use one script.` });
    }
  });

export const regionSchema = z.string({ error: "datadogRegion must be a string" }).transform((value, ctx) => {
  const region = normalizeRegion(value);
  if (!region) {
    ctx.addIssue({ code: "custom", message: `unknown datadogRegion '${value}'; use one of ${REGION_VALUES.join(", ")}` });
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

export const filterSchema = z.strictObject({
  type: z.literal("category", { error: "filter type must be 'category'" }),
  name: z.enum(FILTER_CATEGORY_NAMES, { error: (issue) => `unknown filter category '${String(issue.input)}'` }),
});

export const piiConfigSchema = z.strictObject({
  log_fields: z.array(z.enum(PII_FIELDS, { error: (issue) => `unknown PII field '${String(issue.input)}'` })).min(1, "choose at least one PII field"),
  // Auth0 hashes when no method is given.
  method: z.enum(["mask", "hash"], { error: "method must be 'mask' or 'hash'" }).default("hash"),
  algorithm: z.literal("xxhash", { error: "algorithm must be 'xxhash'" }).default("xxhash"),
});

/** `datadogTags` is this server's extension of Auth0's Datadog sink; null or "" means none. */
export const sinkSchema = z.strictObject({ datadogApiKey: apiKeySchema, datadogRegion: regionSchema, datadogTags: datadogTagsSchema.nullable().optional() });

const typeSchema = z.string({ error: "type must be a string" }).refine((t) => (STREAM_TYPES as readonly string[]).includes(t), {
  error: (issue) => `unsupported log stream type '${String(issue.input)}'; this server supports: ${STREAM_TYPES.join(", ")}`,
});

export const createStreamSchema = z.strictObject({
  name: nameSchema,
  type: typeSchema.transform(() => "datadog" as const),
  isPriority: z.boolean({ error: "isPriority must be a boolean" }).default(false),
  filters: z.array(filterSchema).default([]),
  pii_config: piiConfigSchema.optional(),
  sink: sinkSchema,
  startFrom: z.iso.datetime({ offset: true, error: "startFrom must be an ISO 8601 date-time" }).optional(),
});

export const updateStreamSchema = createStreamSchema
  .omit({ type: true, startFrom: true, sink: true, pii_config: true, isPriority: true, filters: true })
  .partial()
  .extend({
    status: z.enum(["active", "paused"], { error: "status must be 'active' or 'paused'" }).optional(),
    isPriority: createStreamSchema.shape.isPriority.unwrap().optional(),
    filters: z.array(filterSchema).optional(),
    pii_config: piiConfigSchema.nullable().optional(),
    // A masked key sent back unchanged (GET → PATCH round trip) keeps the stored key.
    sink: sinkSchema
      .extend({ datadogApiKey: z.preprocess((value) => (typeof value === "string" && isMaskedApiKey(value) ? undefined : value), apiKeySchema.optional()) })
      .partial()
      .optional(),
    type: z.never({ error: "type cannot be changed; create a new stream instead" }).optional(),
    startFrom: z.never({ error: "startFrom cannot be changed after creation" }).optional(),
  });

/** The Settings form: a PATCH body in which an empty API key field means "keep the stored key". */
export const settingsFormSchema = updateStreamSchema.extend({
  sink: sinkSchema.extend({ datadogApiKey: z.preprocess((value) => (value === "" ? undefined : value), apiKeySchema.optional()) }),
});

/** A stream id (`lst_…`) or a failure id (`dfl_…`) as the dashboard sends it back. */
export const streamIdSchema = z.string({ error: "stream id must be a string" }).regex(/^lst_[0-9A-Za-z]{1,64}$/, "not a stream id");
export const failureIdSchema = z.string({ error: "failure id must be a string" }).regex(/^dfl_[0-9A-Za-z]{1,64}$/, "not a failure id");

/** The key to try (Send test event, Check key): typed in the form, or the stream's stored one when blank. */
export const keyChoiceSchema = z.strictObject({
  streamId: streamIdSchema.optional(),
  apiKey: z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), apiKeySchema.optional()),
  region: regionSchema,
});

export type CreateStreamInput = z.output<typeof createStreamSchema>;
export type UpdateStreamInput = z.output<typeof updateStreamSchema>;
export type StreamStatus = "active" | "paused" | "suspended";

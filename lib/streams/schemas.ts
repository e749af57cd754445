import { z } from "zod";
import { FILTER_CATEGORY_NAMES } from "./categories";
import { isMaskedApiKey } from "@/lib/destinations/mask";
import { invisibleCharacter, mixedScripts } from "./name-scripts";
import { apiKeySchema, datadogSinkSchema } from "@/lib/destinations/datadog/sink";
import { isOptionalSinkField, isStreamType, SINKS, STREAM_TYPES, type StreamType } from "@/lib/destinations/sinks";

export const PII_FIELDS = ["first_name", "last_name", "username", "email", "phone", "address"] as const;

/** Auth0 publishes no limit on a log stream name; this one keeps names readable in lists and logs. */
export const NAME_MAX_LENGTH = 128;
/** Letters, digits, spaces and - _ . ( ): no markup, slashes or control characters in names shown everywhere. */
const NAME_PATTERN = /^[\p{L}\p{N} _.()-]+$/u;

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
    if (invisible)
      return ctx.addIssue({
        code: "custom",
        message: `The name contains an invisible or control character (${invisible}): remove it.`,
      });
    if (!NAME_PATTERN.test(name))
      return ctx.addIssue({ code: "custom", message: "name may only contain letters, digits, spaces and - _ . ( )" });
    const scripts = mixedScripts(name);
    if (scripts) {
      const listed = `${scripts.slice(0, -1).join(", ")} and ${scripts.at(-1)}`;
      ctx.addIssue({
        code: "custom",
        message: `The name mixes scripts (${listed}): letters that look alike could pass for another stream's name. Use one script.`,
      });
    }
  });

export const filterSchema = z.strictObject({
  type: z.literal("category", { error: "filter type must be 'category'" }),
  name: z.enum(FILTER_CATEGORY_NAMES, { error: (issue) => `unknown filter category '${String(issue.input)}'` }),
});

export const piiConfigSchema = z.strictObject({
  log_fields: z
    .array(z.enum(PII_FIELDS, { error: (issue) => `unknown PII field '${String(issue.input)}'` }))
    .min(1, "choose at least one PII field"),
  // Auth0 hashes when no method is given.
  method: z.enum(["mask", "hash"], { error: "method must be 'mask' or 'hash'" }).default("hash"),
  algorithm: z.literal("xxhash", { error: "algorithm must be 'xxhash'" }).default("xxhash"),
});

const typeSchema = z.string({ error: "type must be a string" }).refine(isStreamType, {
  error: (issue) =>
    `unsupported log stream type '${String(issue.input)}'; this server supports: ${STREAM_TYPES.join(", ")}`,
});

const streamFieldsSchema = z.strictObject({
  name: nameSchema,
  isPriority: z.boolean({ error: "isPriority must be a boolean" }).default(false),
  filters: z.array(filterSchema).default([]),
  pii_config: piiConfigSchema.optional(),
  startFrom: z.iso.datetime({ offset: true, error: "startFrom must be an ISO 8601 date-time" }).optional(),
});

/** A new stream of the type: the stream's fields and that destination's sink (lib/destinations/<type>/). */
function createSchemaFor<Type extends StreamType>(type: Type) {
  // Typed by Type, so that each schema keeps its own sink's type rather than the union of all.
  const sink: (typeof SINKS)[Type]["sinkSchema"] = SINKS[type].sinkSchema;
  return streamFieldsSchema.extend({ type: z.literal(type), sink });
}

/** Each type's create schema: the API's POST picks one by `type`, the wizard's form validates with it. */
export const CREATE_SCHEMAS = {
  datadog: createSchemaFor("datadog"),
  http: createSchemaFor("http"),
  splunk: createSchemaFor("splunk"),
  sumo: createSchemaFor("sumo"),
} satisfies Record<StreamType, z.ZodType>;

/** A POST body: its `type` picks the sink's schema; an unsupported type is refused naming the supported ones. */
export const createStreamSchema = z
  .strictObject({ ...streamFieldsSchema.shape, type: typeSchema, sink: z.unknown() })
  .transform((body, ctx) => {
    // Inputs reported, so that only a missing property reads as missing (the API's messages, lib/api/errors.ts).
    const parsed = CREATE_SCHEMAS[body.type as StreamType].safeParse(body, { reportInput: true });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as never);
    return z.NEVER;
  });

/** Every field any destination's sink has: a PATCH's sink is checked against its stream's own schema in updateStream. */
const SINK_FIELDS = new Set(Object.values(SINKS).flatMap((destination) => Object.keys(destination.sinkSchema.shape)));

const sinkPatchSchema = z
  .record(z.string(), z.unknown(), { error: "sink must be an object" })
  .superRefine((sink, ctx) => {
    const unknown = Object.keys(sink).filter((key) => !SINK_FIELDS.has(key));
    if (unknown.length > 0) ctx.addIssue({ code: "unrecognized_keys", keys: unknown, input: sink });
  });

export const updateStreamSchema = streamFieldsSchema
  .omit({ startFrom: true, pii_config: true, isPriority: true, filters: true })
  .partial()
  .extend({
    status: z.enum(["active", "paused"], { error: "status must be 'active' or 'paused'" }).optional(),
    isPriority: streamFieldsSchema.shape.isPriority.unwrap().optional(),
    filters: z.array(filterSchema).optional(),
    pii_config: piiConfigSchema.nullable().optional(),
    sink: sinkPatchSchema.optional(),
    type: z.never({ error: "type cannot be changed; create a new stream instead" }).optional(),
    startFrom: z.never({ error: "startFrom cannot be changed after creation" }).optional(),
  });

/** A Datadog stream's PATCH sink: a masked key sent back unchanged (GET → PATCH round trip) keeps the stored key. */
export const datadogSinkPatchSchema = datadogSinkSchema
  .extend({
    datadogApiKey: z.preprocess(
      (value) => (typeof value === "string" && isMaskedApiKey(value) ? undefined : value),
      apiKeySchema.optional(),
    ),
  })
  .partial();

/** Every destination's secret fields: a blank one in a form means "keep the stored one" (or "none" on create). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(
  Object.values(SINKS).flatMap((destination) => destination.secretFields),
);

const isBlank = (value: unknown) => typeof value === "string" && value.trim() === "";

/** The sink without its blank secret fields: what a form's empty secret field means. */
export function withoutBlankSecrets(sink: unknown): unknown {
  if (typeof sink !== "object" || sink === null || Array.isArray(sink)) return sink;
  return Object.fromEntries(
    Object.entries(sink).filter(([field, value]) => !(SECRET_FIELDS.has(field) && isBlank(value))),
  );
}

/** The Settings form of a stream of any type: a PATCH body in which a blank secret field keeps the stored secret; the sink is checked against the stream's type by updateStream. */
export const settingsFormSchema = updateStreamSchema.extend({
  sink: z.preprocess(withoutBlankSecrets, sinkPatchSchema).optional(),
});

/**
 * The Settings form of a stream of `type`, checked in the browser: the type's sink schema, a blank
 * secret field allowed (kept), and null for a secret the sink can do without (removed).
 */
export function settingsSchemaFor(type: StreamType) {
  const sinkSchema: z.ZodObject = SINKS[type].sinkSchema;
  const secrets = Object.fromEntries(
    SINKS[type].secretFields.map((field) => {
      const kept = z.preprocess((value) => (isBlank(value) ? undefined : value), sinkSchema.shape[field]!.optional());
      return [field, isOptionalSinkField(type, field) ? kept.nullable() : kept];
    }),
  );
  return updateStreamSchema.extend({ sink: sinkSchema.extend(secrets) });
}

/** A stream id (`lst_…`) or a failure id (`dfl_…`) as the dashboard sends it back. */
export const streamIdSchema = z
  .string({ error: "stream id must be a string" })
  .regex(/^lst_[0-9A-Za-z]{1,64}$/, "not a stream id");
export const failureIdSchema = z
  .string({ error: "failure id must be a string" })
  .regex(/^dfl_[0-9A-Za-z]{1,64}$/, "not a failure id");

/**
 * The sink to try (Send test event, Check): the values typed in the form over the stream's stored sink
 * (`streamId`, from Settings and Health), a blank secret keeping the stored one. Checked whole by the type's schema in sinkToTry.
 */
export const sinkChoiceSchema = z.strictObject({
  streamId: streamIdSchema.optional(),
  type: typeSchema,
  sink: z
    .preprocess(withoutBlankSecrets, z.record(z.string(), z.unknown(), { error: "sink must be an object" }))
    .default({}),
});

export type CreateStreamInput = z.output<typeof createStreamSchema>;
export type UpdateStreamInput = z.output<typeof updateStreamSchema>;
export type StreamStatus = "active" | "paused" | "suspended";

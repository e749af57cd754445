import { z } from "zod";
import { decryptSecret, encryptSecret, isKnownSecretFormat } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors/app-error";
import type { Destination, SinkFields } from "./destination";
import { isMaskedApiKey, lastFour, maskApiKey } from "./mask";

/**
 * How a stream's sink is stored (the LogStream columns). Datadog keeps its own columns (region,
 * apiKeyEncrypted, apiKeyLast4, datadogTags); every other type keeps `sinkConfig`, the sink as
 * answers show it (secrets masked), and `sinkSecretsEncrypted`, one ciphertext of its secret
 * fields bound to the stream id.
 */
export type SinkRow = {
  id: string;
  type: string;
  region: string;
  apiKeyEncrypted: string;
  apiKeyLast4: string;
  datadogTags: string | null;
  sinkConfig: string | null;
  sinkSecretsEncrypted: string | null;
};

/** The columns a sink of a type other than Datadog is written to. */
export type JsonSinkColumns = {
  region: "";
  apiKeyEncrypted: "";
  apiKeyLast4: "";
  sinkConfig: string;
  sinkSecretsEncrypted: string | null;
};

/** The stored secrets cannot be read by this process (another LOGSTREAMS_SECRET, a newer format, or altered). */
export class UnreadableSecretError extends Error {
  constructor(readonly isKnownFormat: boolean) {
    super("The stream's stored secret cannot be decrypted");
    this.name = "UnreadableSecretError";
  }
}

function decrypt(sealed: string, streamId: string): string {
  try {
    return decryptSecret(sealed, streamId);
  } catch {
    throw new UnreadableSecretError(isKnownSecretFormat(sealed));
  }
}

/** How `value` of secret `field` shows in answers and pages. */
export function maskedSecret(destination: Destination, field: string, value: string): string {
  return destination.maskSecret?.(field, value) ?? maskApiKey(lastFour(value));
}

/** The sink as every answer and page shows it: secrets masked. */
export function publicSinkOf(row: SinkRow): SinkFields {
  if (row.type !== "datadog") return JSON.parse(row.sinkConfig ?? "{}") as SinkFields;
  const sink: SinkFields = { datadogApiKey: maskApiKey(row.apiKeyLast4), datadogRegion: row.region };
  if (row.datadogTags) sink.datadogTags = row.datadogTags;
  return sink;
}

/** The full sink, secrets in clear, for delivery and credential checks; UnreadableSecretError when they cannot be decrypted. */
export function sinkOf(row: SinkRow, destination: Destination): SinkFields {
  if (row.type === "datadog")
    return {
      datadogApiKey: decrypt(row.apiKeyEncrypted, row.id),
      datadogRegion: row.region,
      datadogTags: row.datadogTags,
    };
  const sink = publicSinkOf(row);
  for (const field of destination.secretFields) delete sink[field];
  const secrets = row.sinkSecretsEncrypted ? (JSON.parse(decrypt(row.sinkSecretsEncrypted, row.id)) as SinkFields) : {};
  return { ...sink, ...secrets };
}

/** The secret values of a full sink: what an answer must never show (failure records mask them). */
export function secretValuesOf(sink: SinkFields, destination: Destination): string[] {
  return destination.secretFields
    .map((field) => sink[field])
    .filter((value): value is string => typeof value === "string" && value !== "");
}

/** Columns of a checked sink (a type other than Datadog) for stream `id`. */
export function jsonSinkColumns(destination: Destination, id: string, sink: SinkFields): JsonSinkColumns {
  const shown: SinkFields = { ...sink };
  const secrets: SinkFields = {};
  for (const field of destination.secretFields) {
    const value = sink[field];
    if (typeof value !== "string" || value === "") {
      delete shown[field];
      continue;
    }
    secrets[field] = value;
    shown[field] = maskedSecret(destination, field, value);
  }
  const sinkSecretsEncrypted = Object.keys(secrets).length > 0 ? encryptSecret(JSON.stringify(secrets), id) : null;
  return { region: "", apiKeyEncrypted: "", apiKeyLast4: "", sinkConfig: JSON.stringify(shown), sinkSecretsEncrypted };
}

/**
 * A PATCH's sink over the stored one (a type other than Datadog), checked whole by the destination's
 * schema: fields left out keep their value; a secret left out, or sent back masked, keeps the stored
 * one; a secret sent as null is removed.
 */
export function patchedSink(row: SinkRow, destination: Destination, patch: SinkFields): SinkFields {
  const stored = destination.secretFields.every((field) => field in patch && !isKept(patch[field]))
    ? sinkWithoutSecrets(row, destination)
    : sinkOf(row, destination);
  const merged: SinkFields = { ...stored };
  for (const [field, value] of Object.entries(patch)) {
    if (destination.secretFields.includes(field) && isKept(value)) continue;
    if (value === null && destination.secretFields.includes(field)) delete merged[field];
    else merged[field] = value;
  }
  const sink = z.object({ sink: destination.sinkSchema }).parse({ sink: merged }).sink as SinkFields;
  assertSecretsStayBound(destination, stored, sink, patch);
  return sink;
}

/**
 * Refuses a sink that would send a stored secret somewhere else than where it was saved for: when
 * `sink` changes a field the secrets are bound to (SinkSpec.secretsBoundTo) from `stored`, every
 * stored secret must be sent again in `patch` (or removed). Otherwise an editor, who cannot read a
 * secret, could have it sent to an endpoint of their own.
 */
export function assertSecretsStayBound(
  destination: Destination,
  stored: SinkFields,
  sink: SinkFields,
  patch: SinkFields,
): void {
  const moved = (destination.secretsBoundTo ?? []).filter(
    (field) => JSON.stringify(sink[field] ?? null) !== JSON.stringify(stored[field] ?? null),
  );
  const kept = destination.secretFields.filter(
    (field) => typeof stored[field] === "string" && stored[field] !== "" && !(field in patch && !isKept(patch[field])),
  );
  if (moved.length === 0 || kept.length === 0) return;
  throw new AppError(
    "invalid_body",
    `Changing ${moved.join(" or ")} needs ${kept.join(" and ")} again: a stored secret is only sent where it was saved for.`,
  );
}

/** The secrets a PATCH's sink sets or removes (a masked value sent back keeps it). */
export function patchedSecretFields(destination: Destination, patch: SinkFields): string[] {
  return destination.secretFields.filter((field) => field in patch && !isKept(patch[field]));
}

const isKept = (value: unknown) => value === undefined || (typeof value === "string" && isMaskedApiKey(value));

/** The sink without its secret fields: what the audit log may show of it. */
export function sinkWithoutSecrets(row: SinkRow, destination: Destination): SinkFields {
  const sink = publicSinkOf(row);
  for (const field of destination.secretFields) delete sink[field];
  return sink;
}

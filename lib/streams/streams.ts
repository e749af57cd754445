import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { changedFields, recordAudit, SECRET_CHANGED, type AuditAction, type AuditChanges } from "@/lib/audit/record";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { logResumed } from "@/lib/operator-log";
import { newId } from "@/lib/db/ids";
import { Prisma, type LogStream } from "@/lib/db/models";
import { lastFour } from "@/lib/destinations/mask";
import { destinationOf } from "@/lib/destinations/registry";
import { wakeDispatchers } from "@/lib/events/wake";
import {
  jsonSinkColumns,
  patchedSecretFields,
  patchedSink,
  sinkWithoutSecrets,
  UnreadableSecretError,
} from "@/lib/destinations/stored-sink";
import { datadogSinkPatchSchema, type CreateStreamInput, type UpdateStreamInput } from "./schemas";

export async function listStreams(): Promise<LogStream[]> {
  return db().logStream.findMany({ orderBy: { createdAt: "asc" } });
}

export async function getStreamOrThrow(id: string): Promise<LogStream> {
  const stream = await db().logStream.findUnique({ where: { id } });
  if (!stream) throw new AppError("inexistent_log_stream", "The log stream does not exist.");
  return stream;
}

export async function isNameTaken(name: string, exceptId?: string): Promise<boolean> {
  const found = await db().logStream.findUnique({ where: { name: name.trim() }, select: { id: true } });
  return found !== null && found.id !== exceptId;
}

async function assertNameFree(name: string, exceptId?: string) {
  if (await isNameTaken(name, exceptId)) throw new AppError("conflict", `A log stream named '${name}' already exists`);
}

/** The seq a new stream starts after: the newest event so far, or the newest before `startFrom`. */
async function initialCursor(startFrom: Date | undefined): Promise<bigint> {
  const newest = await db().event.findFirst({
    where: startFrom ? { receivedAt: { lt: startFrom } } : {},
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return newest?.seq ?? 0n;
}

/** A stream's settings as the audit log shows them (API names); never a secret of its sink, not even masked. */
function auditedSettings(stream: LogStream): AuditChanges {
  const settings: AuditChanges = {
    name: stream.name,
    status: stream.status,
    isPriority: stream.isPriority,
    filters: stream.filters,
    pii_config: stream.piiConfig,
  };
  const sink =
    stream.type === "datadog"
      ? { datadogRegion: stream.region, datadogTags: stream.datadogTags }
      : sinkWithoutSecrets(stream, destinationOf(stream.type));
  for (const [field, value] of Object.entries(sink)) settings[`sink.${field}`] = value;
  return settings;
}

const streamTarget = (stream: LogStream) => ({ type: "stream" as const, id: stream.id, name: stream.name });

/** Whether `newKey` differs from the stored key; a key that no longer decrypts counts as changed. */
function isKeyDifferent(stream: LogStream, newKey: string): boolean {
  try {
    return decryptSecret(stream.apiKeyEncrypted, stream.id) !== newKey;
  } catch {
    return true;
  }
}

export async function createStream(input: CreateStreamInput): Promise<LogStream> {
  await assertNameFree(input.name);
  const startFrom = input.startFrom ? new Date(input.startFrom) : undefined;
  const id = newId("lst");
  const sinkColumns =
    input.type === "datadog"
      ? {
          region: input.sink.datadogRegion,
          apiKeyEncrypted: encryptSecret(input.sink.datadogApiKey, id),
          apiKeyLast4: lastFour(input.sink.datadogApiKey),
          datadogTags: input.sink.datadogTags ?? null,
        }
      : jsonSinkColumns(usableDestination(input.type, input.sink), id, input.sink);
  const cursor = await initialCursor(startFrom);
  const created = await db().$transaction(async (tx) => {
    const stream = await tx.logStream.create({
      data: {
        id,
        name: input.name,
        type: input.type,
        status: "active",
        isPriority: input.isPriority,
        filters: input.filters,
        piiConfig: input.pii_config ?? undefined,
        ...sinkColumns,
        startFrom,
        cursor,
      },
    });
    await recordAudit(
      {
        action: "stream.created",
        target: streamTarget(stream),
        changes: { ...auditedSettings(stream), startFrom: startFrom?.toISOString() ?? null },
      },
      { tx },
    );
    return stream;
  });
  // Its start (startFrom) may have events waiting.
  wakeDispatchers("stream");
  return created;
}

/** The destination of `type` once it accepts the sink on this server (Destination.sinkProblem). */
function usableDestination(type: string, sink: Record<string, unknown>) {
  const destination = destinationOf(type);
  const problem = destination.sinkProblem?.(sink);
  if (problem) throw new AppError("invalid_body", problem);
  return destination;
}

/**
 * The columns a PATCH's sink changes, checked against the stream's own destination; the secrets it
 * sends (which lift a suspension) and those of them that differ from the stored ones (audited).
 */
function patchSinkColumns(
  current: LogStream,
  patch: Record<string, unknown>,
): { data: Prisma.LogStreamUpdateInput; sentSecrets: string[]; changedSecrets: string[] } {
  if (current.type !== "datadog") {
    const destination = destinationOf(current.type);
    let sink;
    try {
      sink = patchedSink(current, destination, patch);
    } catch (error) {
      if (!(error instanceof UnreadableSecretError)) throw error;
      throw new AppError(
        "invalid_body",
        `The stream's stored ${destination.secretFields.join(", ")} cannot be decrypted (LOGSTREAMS_SECRET changed?): send ${destination.secretFields.join(", ")} again.`,
      );
    }
    usableDestination(current.type, sink);
    const sentSecrets = patchedSecretFields(destination, patch);
    return { data: jsonSinkColumns(destination, current.id, sink), sentSecrets, changedSecrets: sentSecrets };
  }
  const sink = z.object({ sink: datadogSinkPatchSchema }).parse({ sink: patch }).sink;
  const data: Prisma.LogStreamUpdateInput = {};
  if (sink.datadogRegion !== undefined) data.region = sink.datadogRegion;
  if (sink.datadogTags !== undefined) data.datadogTags = sink.datadogTags;
  if (sink.datadogApiKey !== undefined) {
    data.apiKeyEncrypted = encryptSecret(sink.datadogApiKey, current.id);
    data.apiKeyLast4 = lastFour(sink.datadogApiKey);
  }
  const isKeySent = sink.datadogApiKey !== undefined;
  return {
    data,
    sentSecrets: isKeySent ? ["datadogApiKey"] : [],
    changedSecrets: isKeySent && isKeyDifferent(current, sink.datadogApiKey!) ? ["datadogApiKey"] : [],
  };
}

/**
 * Applies a PATCH; its sink is checked against the stream's destination. A new secret (API key) or `status: "active"` lifts a suspension or a hold (delivery
 * resumes at the stream's cursor).
 */
export async function updateStream(id: string, input: UpdateStreamInput): Promise<LogStream> {
  const current = await getStreamOrThrow(id);
  if (input.name !== undefined) await assertNameFree(input.name, id);

  const data: Prisma.LogStreamUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.isPriority !== undefined) data.isPriority = input.isPriority;
  if (input.filters !== undefined) data.filters = input.filters;
  if (input.pii_config !== undefined) data.piiConfig = input.pii_config ?? Prisma.DbNull;
  const sinkPatch = input.sink
    ? patchSinkColumns(current, input.sink)
    : { data: {}, sentSecrets: [], changedSecrets: [] };
  Object.assign(data, sinkPatch.data);
  const isKeyChanged = sinkPatch.sentSecrets.length > 0;

  const nextStatus = input.status ?? (isKeyChanged && current.status === "suspended" ? "active" : undefined);
  if (nextStatus !== undefined && nextStatus !== current.status) {
    data.status = nextStatus;
    data.statusChangedAt = new Date();
  }
  if (nextStatus === "active" || isKeyChanged) {
    data.statusReason = null;
    data.failingSince = null;
    data.heldReason = data.heldSince = data.heldUntil = null;
  }
  const updated = await db().$transaction(async (tx) => {
    const stream = await tx.logStream.update({ where: { id }, data });
    const changes: AuditChanges = changedFields(auditedSettings(current), auditedSettings(stream));
    for (const field of sinkPatch.changedSecrets) changes[`sink.${field}`] = SECRET_CHANGED;
    if (Object.keys(changes).length > 0)
      await recordAudit({ action: updateAction(current, stream), target: streamTarget(stream), changes }, { tx });
    return stream;
  });
  if (current.status === "suspended" && updated.status === "active") logResumed(id);
  // Resumed, or its hold lifted: its events need not wait for a dispatcher's next poll.
  if (updated.status === "active") wakeDispatchers("stream");
  return updated;
}

/** A status change names the record (paused, resumed); any other change is an update. */
function updateAction(before: LogStream, after: LogStream): AuditAction {
  if (before.status === after.status) return "stream.updated";
  return after.status === "paused" ? "stream.paused" : "stream.resumed";
}

export async function deleteStream(id: string): Promise<void> {
  const stream = await getStreamOrThrow(id);
  await db().$transaction(async (tx) => {
    await tx.logStream.delete({ where: { id } });
    await recordAudit({ action: "stream.deleted", target: streamTarget(stream) }, { tx });
  });
}

/** Deletes a stream once its exact name was typed to confirm (the dashboard's delete dialog). */
export async function deleteStreamConfirmed(id: string, typedName: string): Promise<void> {
  const stream = await getStreamOrThrow(id);
  if (typedName !== stream.name) throw new AppError("invalid_body", "Type the stream's exact name to delete it.");
  await deleteStream(id);
}

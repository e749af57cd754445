"use server";

import { z } from "zod";
import { editorAction } from "@/lib/auth/action-client";
import { AppError } from "@/lib/errors/app-error";
import { StreamHeldError } from "@/lib/delivery/hold";
import { destinationOf } from "@/lib/destinations/registry";
import { sinkToTry, type SinkChoice } from "@/lib/delivery/sink-to-try";
import { replayFailure } from "@/lib/delivery/replay";
import { replayAllFailures } from "@/lib/delivery/replay-all";
import { countWaitingEvents, skipToNow } from "@/lib/delivery/skip";
import { sendTestEvent } from "@/lib/delivery/test-event";
import { countDelayedInFailures, countDelayedWaiting } from "@/lib/health/delayed-events";
import { getFailureOrThrow, listUnreplayedFailureIds } from "@/lib/health/failures";
import {
  createStreamSchema,
  failureIdSchema,
  nameSchema,
  settingsFormSchema,
  sinkChoiceSchema,
  streamIdSchema,
  updateStreamSchema,
} from "@/lib/streams/schemas";
import {
  createStream,
  deleteStreamConfirmed,
  getStreamOrThrow,
  isNameTaken,
  updateStream,
} from "@/lib/streams/streams";

const streamRef = z.strictObject({ streamId: streamIdSchema });

/** A held stream's reason is meant for its owner: shown as an expected failure, not a server error. */
async function resolveSink(input: SinkChoice) {
  try {
    return await sinkToTry(input);
  } catch (error) {
    if (error instanceof StreamHeldError) throw new AppError("invalid_body", error.message);
    throw error;
  }
}

/** The wizard's name step: data is null when the name is free. */
export const checkStreamName = editorAction(
  z.strictObject({ name: nameSchema, exceptId: streamIdSchema.optional() }),
  async ({ name, exceptId }) => {
    if (await isNameTaken(name, exceptId)) throw new AppError("conflict", "A stream with this name already exists");
    return null;
  },
);

export const createStreamAction = editorAction(createStreamSchema, async (input) => ({
  id: (await createStream(input)).id,
}));

export const updateStreamAction = editorAction(
  settingsFormSchema.extend({ streamId: streamIdSchema }),
  async ({ streamId, ...settings }) => {
    await updateStream(streamId, settings);
    return null;
  },
);

/** Pause or resume: only `active` and `paused` are the user's to set (the API's PATCH rule). */
export const setStreamStatusAction = editorAction(
  z.strictObject({ streamId: streamIdSchema, status: updateStreamSchema.shape.status.unwrap() }),
  async ({ streamId, status }) => {
    await updateStream(streamId, { status });
    return null;
  },
);

export const deleteStreamAction = editorAction(
  z.strictObject({ streamId: streamIdSchema, confirmation: z.string({ error: "confirmation must be a string" }) }),
  async ({ streamId, confirmation }) => {
    await deleteStreamConfirmed(streamId, confirmation);
    return null;
  },
);

/** Sends a test event to the sink typed in the form, over the stream's stored one (a blank secret keeps the stored secret). */
export const sendTestEventAction = editorAction(sinkChoiceSchema, async (input) => {
  const stream = input.streamId ? await getStreamOrThrow(input.streamId) : null;
  const sink = await resolveSink(input);
  return sendTestEvent({ type: input.type, sink, stream: stream && { id: stream.id, name: stream.name } });
});

/** Asks the destination whether the credentials typed in the form (or the stream's stored ones) are accepted: Datadog's Check key, Splunk's Check token. */
export const checkCredentialsAction = editorAction(sinkChoiceSchema, async (input) => {
  const destination = destinationOf(input.type);
  if (!destination.checkCredentials)
    throw new AppError("invalid_body", `${destination.label} has no credentials check.`);
  return destination.checkCredentials(destination.configOf(await resolveSink(input)));
});

/** How many waiting events Skip to now would skip: the confirmation shows it. */
export const countWaitingAction = editorAction(streamRef, async ({ streamId }) => {
  await getStreamOrThrow(streamId);
  return countWaitingEvents(streamId);
});

export const skipToNowAction = editorAction(streamRef, async ({ streamId }) => {
  await getStreamOrThrow(streamId);
  return skipToNow(streamId, new Date());
});

export const replayFailureAction = editorAction(
  z.strictObject({ streamId: streamIdSchema, failureId: failureIdSchema }),
  async ({ streamId, failureId }) => {
    await getFailureOrThrow(streamId, failureId);
    const result = await replayFailure(failureId);
    if (result.result === "refused") throw new AppError(result.reason, result.message);
    return result;
  },
);

/** Retry all (see replayAllFailures). */
export const replayAllFailuresAction = editorAction(streamRef, async ({ streamId }) => replayAllFailures(streamId));

const sendingSchema = z.union(
  [z.literal("resume"), z.literal("retry-all"), z.strictObject({ failureId: failureIdSchema })],
  { error: "sending must be 'resume', 'retry-all' or {failureId}" },
);

/**
 * How many events Resume, Retry all or a failure's Retry would send older than Datadog's 18-hour
 * window, so without their date and marked delayed: the dashboard asks before sending them.
 */
export const countDelayedAction = editorAction(
  z.strictObject({ streamId: streamIdSchema, sending: sendingSchema }),
  async ({ streamId, sending }) => {
    await getStreamOrThrow(streamId);
    if (sending === "resume") return countDelayedWaiting(streamId);
    if (sending === "retry-all") return countDelayedInFailures(await listUnreplayedFailureIds(streamId));
    await getFailureOrThrow(streamId, sending.failureId);
    return countDelayedInFailures([sending.failureId]);
  },
);

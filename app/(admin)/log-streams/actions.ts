"use server";

import { ZodError } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { requireAdmin } from "@/lib/auth/session";
import { StreamHeldError } from "@/lib/delivery/hold";
import { checkApiKey, type KeyCheckResult } from "@/lib/delivery/key-check";
import { resolveKeyToTry, type KeyChoice } from "@/lib/delivery/key-to-try";
import { replayFailure } from "@/lib/delivery/replay";
import { replayAllFailures, type ReplayAllCounts } from "@/lib/delivery/replay-all";
import { countWaitingEvents, skipToNow } from "@/lib/delivery/skip";
import { sendTestEvent, type TestEventResult } from "@/lib/delivery/test-event";
import { countDelayedInFailures, countDelayedWaiting } from "@/lib/health/delayed-events";
import { getFailureOrThrow, listUnreplayedFailureIds } from "@/lib/health/failures";
import { logger } from "@/lib/logger";
import { createStreamSchema, nameSchema, settingsFormSchema } from "@/lib/streams/schemas";
import { createStream, deleteStreamConfirmed, getStreamOrThrow, isNameTaken, updateStream } from "@/lib/streams/streams";

export type ActionResult<T = null> = { ok: true; data: T } | { ok: false; message: string; fieldErrors: Record<string, string> };

/** Turns what lib throws into field errors the form shows next to its fields. */
function toFailure(error: unknown): ActionResult<never> {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
    return { ok: false, message: "Some fields need your attention.", fieldErrors };
  }
  if (error instanceof AppError && error.code === "conflict") {
    return { ok: false, message: error.message, fieldErrors: { name: "A stream with this name already exists" } };
  }
  if (error instanceof AppError || error instanceof StreamHeldError) return { ok: false, message: error.message, fieldErrors: {} };
  logger.error({ err: error }, "dashboard action failed");
  return { ok: false, message: "Something went wrong on the server. Try again; if it persists, check the server log.", fieldErrors: {} };
}

async function run<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  await requireAdmin();
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    return toFailure(error);
  }
}

export async function checkStreamName(name: string, exceptId?: string): Promise<{ error: string | null }> {
  await requireAdmin();
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  return { error: (await isNameTaken(parsed.data, exceptId)) ? "A stream with this name already exists" : null };
}

export async function createStreamAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return run(async () => ({ id: (await createStream(createStreamSchema.parse(input))).id }));
}

export async function updateStreamAction(id: string, input: unknown): Promise<ActionResult> {
  return run(async () => {
    await updateStream(id, settingsFormSchema.parse(input));
    return null;
  });
}

export async function setStreamStatusAction(id: string, status: "active" | "paused"): Promise<ActionResult> {
  return run(async () => {
    await updateStream(id, { status });
    return null;
  });
}

export async function deleteStreamAction(id: string, confirmation: string): Promise<ActionResult> {
  return run(async () => {
    await deleteStreamConfirmed(id, confirmation);
    return null;
  });
}

/** Sends a test event with the key typed in the form, or with the stream's stored key when none is typed, and the stream's saved tags. */
export async function sendTestEventAction(input: KeyChoice): Promise<ActionResult<TestEventResult>> {
  return run(async () => {
    const ddtags = input.streamId ? (await getStreamOrThrow(input.streamId)).datadogTags : null;
    return sendTestEvent({ ...(await resolveKeyToTry(input)), ddtags });
  });
}

/** Asks Datadog whether the key typed in the form is valid, or the stream's stored key when none is typed. */
export async function checkApiKeyAction(input: KeyChoice): Promise<ActionResult<KeyCheckResult>> {
  return run(async () => checkApiKey(await resolveKeyToTry(input)));
}

/** How many waiting events Skip to now would skip: the confirmation shows it. */
export async function countWaitingAction(streamId: string): Promise<ActionResult<number>> {
  return run(async () => {
    await getStreamOrThrow(streamId);
    return countWaitingEvents(streamId);
  });
}

export async function skipToNowAction(streamId: string): Promise<ActionResult<number>> {
  return run(async () => {
    await getStreamOrThrow(streamId);
    return skipToNow(streamId, new Date());
  });
}

export async function replayFailureAction(streamId: string, failureId: string) {
  return run(async () => {
    await getFailureOrThrow(streamId, failureId);
    const result = await replayFailure(failureId);
    if (result.result === "refused") throw new AppError(result.reason, result.message);
    return result;
  });
}

/** Retry all (see replayAllFailures). */
export async function replayAllFailuresAction(streamId: string): Promise<ActionResult<ReplayAllCounts>> {
  return run(async () => replayAllFailures(streamId));
}

/**
 * How many events Resume, Retry all or a failure's Retry would send older than Datadog's 18-hour
 * window, so without their date and marked delayed: the dashboard asks before sending them.
 */
export async function countDelayedAction(streamId: string, sending: "resume" | "retry-all" | { failureId: string }): Promise<ActionResult<number>> {
  return run(async () => {
    await getStreamOrThrow(streamId);
    if (sending === "resume") return countDelayedWaiting(streamId);
    if (sending === "retry-all") return countDelayedInFailures(await listUnreplayedFailureIds(streamId));
    await getFailureOrThrow(streamId, sending.failureId);
    return countDelayedInFailures([sending.failureId]);
  });
}

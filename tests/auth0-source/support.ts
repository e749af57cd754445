import type { Auth0Standin } from "@/standins/auth0-standin";
import type { IntakeServer } from "@/standins/intake-server";
import { fixtureEvents, testDispatcher } from "../support/delivery";

/** The poll interval the tests' pullers use: a value no other wait has, so a wait of it means "caught up". */
export const POLL_MS = 7_000;

/**
 * A clock shared by the puller and the Auth0 stand-in that moves only when the puller sleeps, so
 * 429 resets and token lifetimes pass without real waiting. A poll wait (POLL_MS) holds the puller
 * until releasePoll(): the test decides when the next poll happens.
 */
export function controlledTime(onSleep: (ms: number) => void = () => undefined) {
  let ms = Date.now();
  const sleeps: number[] = [];
  const heldPolls: (() => void)[] = [];
  const caughtUpWaiters: (() => void)[] = [];
  return {
    now: () => new Date(ms),
    sleeps,
    async sleep(wait: number) {
      sleeps.push(wait);
      ms += wait;
      onSleep(wait);
      if (wait !== POLL_MS) return;
      for (const resolve of caughtUpWaiters.splice(0)) resolve();
      await new Promise<void>((resolve) => heldPolls.push(resolve));
    },
    /** Resolves when the puller next waits for the poll interval (register before it gets there). */
    nextPollWait: () => new Promise<void>((resolve) => caughtUpWaiters.push(resolve)),
    releasePoll: () => heldPolls.splice(0).forEach((resolve) => resolve()),
  };
}

export type Time = ReturnType<typeof controlledTime>;

/** `count` logs as a tenant would hold them: the fixtures' data (types, users, details) cycled, dated now. */
export function tenantLogs(count: number): Record<string, unknown>[] {
  const base = fixtureEvents();
  return Array.from({ length: count }, (_, i) => {
    const { log_id: _logId, date: _date, ...data } = base[i % base.length]!.data;
    return data;
  });
}

/** Points the source (as the Source page saves it) at the stand-in. */
export async function useStandin(
  standin: Pick<Auth0Standin, "baseUrl" | "clientId" | "clientSecret">,
  clientSecret = standin.clientSecret,
) {
  const { saveSourceSettings } = await import("@/lib/sources/auth0/settings");
  await saveSourceSettings({ domain: standin.baseUrl, clientId: standin.clientId, clientSecret });
}

export async function startPuller(time: Time) {
  const { createAuth0Puller } = await import("@/lib/sources/auth0/puller");
  const puller = createAuth0Puller({ now: time.now, sleep: time.sleep, pollMs: POLL_MS });
  const caughtUp = time.nextPollWait();
  puller.start();
  await caughtUp;
  return {
    puller,
    /** Lets the held poll go on and waits until the puller is caught up again. */
    async pollAgain() {
      const next = time.nextPollWait();
      time.releasePoll();
      await next;
    },
    async stop() {
      const stopping = puller.stop();
      time.releasePoll();
      await stopping;
    },
  };
}

/** Runs delivery passes until the stream's key has `expected` items at the intake (or nothing more moves). */
export async function deliverAll(intake: IntakeServer, apiKey: string, expected: number) {
  const { dispatcher } = await testDispatcher();
  for (let pass = 0; pass < 20 && intake.received(apiKey).length < expected; pass++) await dispatcher.runPass();
  await dispatcher.runPass();
  return intake.received(apiKey);
}

import { AsyncLocalStorage } from "node:async_hooks";

/** Who caused a change: a signed-in user (by email), an API token (by name), or the app itself. */
export type Actor = { kind: "user" | "token" | "system"; name: string; address: string | null };

/** Automatic resumes, suspensions and other changes nobody asked for. */
export const SYSTEM_ACTOR: Actor = { kind: "system", name: "system", address: null };

const actorOfRequest = new AsyncLocalStorage<Actor>();

/**
 * Runs `work` on behalf of `actor`: the server-action wrapper and the API route wrapper call it once
 * per request, so that domain code records who changed what without being passed a request.
 */
export function runAs<T>(actor: Actor, work: () => T): T {
  return actorOfRequest.run(actor, work);
}

/** The actor of the request being served; outside one (the dispatcher, the Auth0 pull), the system. */
export function currentActor(): Actor {
  return actorOfRequest.getStore() ?? SYSTEM_ACTOR;
}

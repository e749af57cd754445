import { createAuth0Client, type Auth0Credentials } from "./client";
import { credentialsToTest, type SourceForm } from "./settings";
import { waitAfter } from "./waits";

export type ConnectionTest = { ok: boolean; message: string };

/**
 * Asks Auth0 for a token with the credentials and lists one log: what the puller needs. The
 * answer says what worked or what to fix; it never contains the secret or the token.
 */
export async function testConnection(credentials: Auth0Credentials, now = () => new Date()): Promise<ConnectionTest> {
  const answer = await createAuth0Client(credentials, { now }).oldestLog();
  switch (answer.kind) {
    case "logs":
      return {
        ok: true,
        message: `Connected: ${credentials.baseUrl} issued a token and listed the logs (read:logs granted).`,
      };
    case "rate_limited":
      return {
        ok: true,
        message: `Connected, but Auth0's rate limit is reached for now (429); pulling waits for its reset.`,
      };
    case "refused":
    case "unavailable":
      return {
        ok: false,
        message: waitAfter(answer, { pollMs: 0, failuresInARow: 1 })
          .reason!.replace(/ (Pulling is tried again every 5 minutes|trying again in \d+ s)\./, "")
          .trim(),
      };
  }
}

/** The Source page's Test connection: the credentials credentialsToTest allows, or why none is sent. */
export async function testSourceConnection(form: SourceForm): Promise<ConnectionTest> {
  const credentials = await credentialsToTest(form);
  return typeof credentials === "string" ? { ok: false, message: credentials } : testConnection(credentials);
}

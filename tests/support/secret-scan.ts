import type { TestCredentials } from "./app-server";
import { FAKE_API_KEY_SHAPE } from "./fake-key";

/**
 * What of the suite's credentials, or of anything shaped like the API keys the tests make, a
 * server's output shows: [] when nothing leaked. Each finding names the secret's kind and the line.
 */
export function findSecretsIn(output: string, credentials: TestCredentials): string[] {
  const findings: string[] = [];
  const lines = output.split("\n");
  const named: [string, string][] = [
    ["Management API token", credentials.apiToken],
    ["ingestion token", credentials.ingestToken],
    ["admin password", credentials.adminPassword],
    ["LOGSTREAMS_SECRET", credentials.secret],
  ];
  lines.forEach((line, index) => {
    for (const [kind, value] of named) if (line.includes(value)) findings.push(`${kind} on line ${index + 1}`);
    for (const match of line.matchAll(FAKE_API_KEY_SHAPE))
      findings.push(
        `a test API key (…${match[0].slice(-4)}) on line ${index + 1}: ${line.replace(match[0], "[key]").slice(0, 200)}`,
      );
  });
  return findings;
}

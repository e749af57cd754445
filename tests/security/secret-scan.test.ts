import { describe, expect, it } from "vitest";
import { newCredentials } from "../support/app-server";

import { findSecretsIn } from "../support/secret-scan";
import { fakeDatadogApiKey } from "../support/fake-key";

// The scan itself runs on the shared app's whole output when the suite ends (global-setup.ts).
describe("the scan of the app's output for the tests' secrets", () => {
  const credentials = newCredentials();

  it("finds each token, the password, the secret and any test-shaped API key", () => {
    const key = fakeDatadogApiKey();
    const output = [
      `{"level":40,"msg":"x","token":"${credentials.apiToken}"}`,
      `Bearer ${credentials.ingestToken}`,
      `password=${credentials.adminPassword}`,
      `secret ${credentials.secret}`,
      `{"msg":"Injected fault 403 (DD-API-KEY: ${key})"}`,
    ].join("\n");
    const findings = findSecretsIn(output, credentials);
    expect(findings.map((f) => f.split(" on line")[0])).toEqual([
      "Management API token",
      "ingestion token",
      "admin password",
      "LOGSTREAMS_SECRET",
      `a test API key (…${key.slice(-4)})`,
    ]);
  });

  it("passes masked keys, stream ids, hashes and ordinary log lines", () => {
    const output = [
      `{"level":40,"stream_id":"lst_0123456789abcdef","status_code":403,"event_count":2,"msg":"delivery failure recorded"}`,
      `Injected fault 403 (DD-API-KEY: ****************************abcd)`,
      `sha256 ${"ab".repeat(32)}`,
    ].join("\n");
    expect(findSecretsIn(output, credentials)).toEqual([]);
  });
});

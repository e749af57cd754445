import crypto from "node:crypto";
import { inject } from "vitest";
import { appClient } from "./app-client";
import { fakeDatadogApiKey } from "./fake-key";

export const randomSuffix = () => crypto.randomBytes(4).toString("hex");

/** The app every test file shares (global-setup.ts), called with the suite's tokens. */
export const api = appClient(inject("appUrl"), { apiToken: inject("apiToken"), ingestToken: inject("ingestToken") });

export function newStreamBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `api ${randomSuffix()}`,
    type: "datadog",
    sink: { datadogApiKey: fakeDatadogApiKey(), datadogRegion: "us" },
    ...overrides,
  };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuth0Standin, type Auth0Standin } from "@/standins/auth0-standin";
import { useDeliveryEnvironment } from "../support/delivery";
import { startRecordingServer } from "../support/redirect";

// A source set by the AUTH0_* variables: Test connection tests those, whatever the form holds.

let intake: Awaited<ReturnType<typeof useDeliveryEnvironment>>["intake"];
let tenant: Auth0Standin;
let other: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  intake = (await useDeliveryEnvironment()).intake;
  tenant = await startAuth0Standin({ clientSecret: "the-environment-client-secret" });
  other = await startRecordingServer();
  // Before any lib code reads the environment (it is read once per process).
  process.env.AUTH0_DOMAIN = tenant.baseUrl;
  process.env.AUTH0_CLIENT_ID = tenant.clientId;
  process.env.AUTH0_CLIENT_SECRET = tenant.clientSecret;
});
afterAll(() => Promise.all([intake.close(), tenant.close(), other.close()]));

describe("Test connection with the source set by AUTH0_* variables", () => {
  it.each([
    ["a typed domain and a blank secret", { domain: "", clientId: "typed-client", clientSecret: "" }],
    ["a typed domain, client id and secret", { domain: "", clientId: "typed-client", clientSecret: "typed-secret" }],
  ])("%s: ignored; the environment's tenant is tested and the typed host gets nothing", async (_, typed) => {
    const { testSourceConnection } = await import("@/lib/sources/auth0/test-connection");
    const tokensBefore = tenant.counts().tokensIssued;
    const result = await testSourceConnection({ ...typed, domain: other.url });
    expect(result).toEqual({ ok: true, message: expect.stringContaining(tenant.baseUrl) });
    expect(tenant.counts().tokensIssued).toBe(tokensBefore + 1);
    expect(other.requests).toEqual([]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAuth0Standin, type Auth0Standin } from "@/standins/auth0-standin";
import { useDeliveryEnvironment } from "../support/delivery";
import { startRecordingServer } from "../support/redirect";

// The Source page's Test connection and the saved client secret: the secret goes to the tenant it
// was saved for, and nowhere else.

let intake: Awaited<ReturnType<typeof useDeliveryEnvironment>>["intake"];
let tenant: Auth0Standin;
let other: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  intake = (await useDeliveryEnvironment()).intake;
  tenant = await startAuth0Standin({ clientSecret: "the-saved-client-secret" });
  other = await startRecordingServer();
});
afterAll(() => Promise.all([intake.close(), tenant.close(), other.close()]));

async function lib() {
  const settings = await import("@/lib/sources/auth0/settings");
  const { testSourceConnection } = await import("@/lib/sources/auth0/test-connection");
  const { db } = await import("@/lib/db/client");
  return { ...settings, testSourceConnection, db };
}

beforeEach(async () => {
  const { saveSourceSettings } = await lib();
  await saveSourceSettings({ domain: tenant.baseUrl, clientId: tenant.clientId, clientSecret: tenant.clientSecret });
  other.requests.length = 0;
});

describe("Test connection with a blank secret", () => {
  it("uses the saved secret for the saved domain", async () => {
    const { testSourceConnection } = await lib();
    expect(await testSourceConnection({ domain: "", clientId: "", clientSecret: "" })).toMatchObject({ ok: true });
    expect(await testSourceConnection({ domain: tenant.baseUrl, clientId: "", clientSecret: "" })).toMatchObject({
      ok: true,
    });
  });

  it("is refused for another domain: nothing is sent there", async () => {
    const { testSourceConnection } = await lib();
    const result = await testSourceConnection({ domain: other.url, clientId: "", clientSecret: "" });
    expect(result).toEqual({
      ok: false,
      message: expect.stringContaining("Enter the client secret to test another domain"),
    });
    expect(other.requests).toEqual([]);
  });

  it("a typed secret may be tried against another domain (that secret, not the saved one)", async () => {
    const { testSourceConnection } = await lib();
    await testSourceConnection({ domain: other.url, clientId: "", clientSecret: "a-typed-secret" });
    expect(other.requests.map((request) => request.body).join("")).not.toContain(tenant.clientSecret);
    expect(other.requests[0]!.body).toContain("a-typed-secret");
  });
});

describe("the saved client secret is bound to its domain", () => {
  it("saving another domain needs a new secret", async () => {
    const { saveSourceSettings, readSourceCredentials } = await lib();
    await expect(
      saveSourceSettings({ domain: other.url, clientId: tenant.clientId, clientSecret: "" }),
    ).rejects.toThrow("Enter the client secret for the new domain");
    expect(await readSourceCredentials()).toMatchObject({ baseUrl: tenant.baseUrl, clientSecret: tenant.clientSecret });
  });

  it("a secret saved for domain A does not decrypt once the row's domain is B", async () => {
    const { db, readSourceCredentials, readSourceSettings, testSourceConnection } = await lib();
    await db().auth0Source.update({ where: { id: "tenant" }, data: { domain: other.url } });
    expect(await readSourceCredentials()).toBeNull();
    expect(await readSourceSettings()).toMatchObject({
      domain: other.url,
      hasClientSecret: true,
      isSecretUnreadable: true,
    });
    expect(await testSourceConnection({ domain: "", clientId: "", clientSecret: "" })).toEqual({
      ok: false,
      message: expect.stringContaining("cannot be decrypted"),
    });
    expect(other.requests).toEqual([]);
  });

  it("a secret saved before the binding (bound to the row) still works, and is rewritten bound to its domain", async () => {
    const { db, readSourceCredentials } = await lib();
    const { decryptSecret, encryptSecret } = await import("@/lib/crypto/secret-box");
    const legacy = encryptSecret(tenant.clientSecret, "auth0-source:tenant");
    await db().auth0Source.update({ where: { id: "tenant" }, data: { clientSecretEncrypted: legacy } });
    expect(await readSourceCredentials()).toMatchObject({ baseUrl: tenant.baseUrl, clientSecret: tenant.clientSecret });
    const rewritten = (await db().auth0Source.findUniqueOrThrow({ where: { id: "tenant" } })).clientSecretEncrypted!;
    expect(rewritten).not.toBe(legacy);
    expect(decryptSecret(rewritten, `auth0-source:${tenant.baseUrl}`)).toBe(tenant.clientSecret);
    expect(() => decryptSecret(rewritten, "auth0-source:tenant")).toThrow();
  });
});

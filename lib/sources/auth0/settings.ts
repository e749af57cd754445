import { z } from "zod";
import { changedFields, recordAudit, SECRET_CHANGED, type AuditChanges } from "@/lib/audit/record";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Auth0Credentials } from "./client";
import { AUTH0_DOMAIN_HINT, auth0BaseUrl } from "./domain";
import { SOURCE_ID } from "./source-store";

/**
 * The client secret is encrypted like API keys, bound to the tenant it was saved for (its base URL
 * is the additional data): a row whose domain is changed, in the dashboard or in the database,
 * cannot send it to another host.
 */
const encryptionContext = (baseUrl: string) => `auth0-source:${baseUrl}`;
/** Secrets saved before they were bound to their tenant were bound to the row: read once, then rewritten bound. */
const ROW_BOUND_CONTEXT = `auth0-source:${SOURCE_ID}`;

/** What the Source page saves: all three, or all empty to stop pulling. A blank secret keeps the stored one (for the same domain only). */
export const sourceFormSchema = z.strictObject({
  domain: z
    .string()
    .trim()
    .max(300)
    .refine((v) => v === "" || auth0BaseUrl(v) !== null, `Enter ${AUTH0_DOMAIN_HINT}`),
  clientId: z.string().trim().max(200),
  clientSecret: z.string().max(500),
});
export type SourceForm = z.infer<typeof sourceFormSchema>;

/** What the Source page may show: never the secret, only whether one is set. */
export type SourceSettings = {
  origin: "env" | "dashboard" | null;
  domain: string | null;
  clientId: string | null;
  hasClientSecret: boolean;
  /** A saved secret that does not decrypt (another LOGSTREAMS_SECRET): enter it again. */
  isSecretUnreadable: boolean;
};

type Resolved = { settings: SourceSettings; credentials: Auth0Credentials | null };

async function resolve(): Promise<Resolved> {
  const { AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET } = env();
  if (AUTH0_DOMAIN && AUTH0_CLIENT_ID && AUTH0_CLIENT_SECRET) {
    return {
      settings: {
        origin: "env",
        domain: AUTH0_DOMAIN,
        clientId: AUTH0_CLIENT_ID,
        hasClientSecret: true,
        isSecretUnreadable: false,
      },
      credentials: {
        baseUrl: auth0BaseUrl(AUTH0_DOMAIN)!,
        clientId: AUTH0_CLIENT_ID,
        clientSecret: AUTH0_CLIENT_SECRET,
      },
    };
  }
  const row = await db().auth0Source.findUnique({
    where: { id: SOURCE_ID },
    select: { domain: true, clientId: true, clientSecretEncrypted: true },
  });
  if (!row?.domain || !row.clientId)
    return {
      settings: { origin: null, domain: null, clientId: null, hasClientSecret: false, isSecretUnreadable: false },
      credentials: null,
    };
  const baseUrl = auth0BaseUrl(row.domain);
  const clientSecret =
    baseUrl && row.clientSecretEncrypted
      ? await readStoredSecret(row.clientSecretEncrypted, row.domain, baseUrl)
      : null;
  return {
    settings: {
      origin: "dashboard",
      domain: row.domain,
      clientId: row.clientId,
      hasClientSecret: row.clientSecretEncrypted !== null,
      isSecretUnreadable: row.clientSecretEncrypted !== null && clientSecret === null,
    },
    credentials: baseUrl && clientSecret ? { baseUrl, clientId: row.clientId, clientSecret } : null,
  };
}

/** The stored secret when it was sealed for `baseUrl`; one sealed for the row alone (older versions) is rewritten bound to it. */
async function readStoredSecret(sealed: string, domain: string, baseUrl: string): Promise<string | null> {
  try {
    return decryptSecret(sealed, encryptionContext(baseUrl));
  } catch {
    // Sealed for another tenant, under another LOGSTREAMS_SECRET, or before secrets were bound to their tenant.
  }
  let clientSecret: string;
  try {
    clientSecret = decryptSecret(sealed, ROW_BOUND_CONTEXT);
  } catch {
    return null;
  }
  // Only if nothing changed meanwhile (a save, another process doing the same).
  await db().auth0Source.updateMany({
    where: { id: SOURCE_ID, domain, clientSecretEncrypted: sealed },
    data: { clientSecretEncrypted: encryptSecret(clientSecret, encryptionContext(baseUrl)) },
  });
  return clientSecret;
}

/** The Source page's view of the settings: the AUTH0_* variables win over the dashboard's. */
export async function readSourceSettings(): Promise<SourceSettings> {
  return (await resolve()).settings;
}

/** The credentials to pull with, or null when no source is set up (or its secret cannot be read). */
export async function readSourceCredentials(): Promise<Auth0Credentials | null> {
  return (await resolve()).credentials;
}

/**
 * The credentials Test connection uses. Set by the AUTH0_* variables: those, whatever was typed.
 * Otherwise the typed values, a blank one taken from the saved settings; the saved secret only
 * for the saved domain, so it is never sent to a host typed into the form. A string says what is
 * missing or invalid (nothing is sent then).
 */
export async function credentialsToTest(form: SourceForm): Promise<Auth0Credentials | string> {
  const { settings, credentials } = await resolve();
  if (settings.origin === "env" && credentials) return credentials;
  const baseUrl = auth0BaseUrl(form.domain.trim() || settings.domain || "");
  const clientId = form.clientId.trim() || settings.clientId || "";
  if (!baseUrl) return `Enter the domain: ${AUTH0_DOMAIN_HINT}.`;
  if (!clientId) return "Enter the client id.";
  if (form.clientSecret) return { baseUrl, clientId, clientSecret: form.clientSecret };
  if (settings.domain && baseUrl !== auth0BaseUrl(settings.domain))
    return `Enter the client secret to test another domain: the saved one is only sent to ${settings.domain}.`;
  if (!credentials) return settings.isSecretUnreadable ? UNREADABLE_SECRET : "Enter the client secret.";
  return { baseUrl, clientId, clientSecret: credentials.clientSecret };
}

const UNREADABLE_SECRET =
  "The saved client secret cannot be decrypted (LOGSTREAMS_SECRET changed, or it was saved for another domain): enter it again.";

/** Whether `clientSecret` is the one already stored for `baseUrl` (the audit log records only a secret that changed). */
function isStoredSecret(sealed: string | null | undefined, clientSecret: string, baseUrl: string): boolean {
  try {
    return sealed != null && decryptSecret(sealed, encryptionContext(baseUrl)) === clientSecret;
  } catch {
    return false;
  }
}

/**
 * Saves the dashboard's source (all fields empty removes it). Throws a ZodError on bad input or
 * when the domain or client id is missing. A new tenant starts from its own beginning: the
 * checkpoint is kept per base URL (see readCheckpoint).
 */
export async function saveSourceSettings(input: unknown): Promise<"saved" | "removed"> {
  const form = sourceFormSchema.parse(input);
  const stored = await db().auth0Source.findUnique({
    where: { id: SOURCE_ID },
    select: { domain: true, clientId: true, clientSecretEncrypted: true },
  });
  const target = { type: "source" as const, id: SOURCE_ID, name: "Auth0 tenant" };
  if (form.domain === "" && form.clientId === "" && form.clientSecret === "") {
    await db().$transaction(async (tx) => {
      const { count } = await tx.auth0Source.updateMany({
        where: { id: SOURCE_ID },
        data: { domain: null, clientId: null, clientSecretEncrypted: null, lastError: null, lastErrorAt: null },
      });
      if (count === 1 && stored?.domain)
        await recordAudit(
          { action: "source.removed", target, changes: { domain: { from: stored.domain, to: null } } },
          { tx },
        );
    });
    return "removed";
  }
  const baseUrl = auth0BaseUrl(form.domain);
  const issues: string[] = [];
  if (!baseUrl) issues.push("Enter the domain");
  if (form.clientId === "") issues.push("Enter the client id");
  if (form.clientSecret === "" && !stored?.clientSecretEncrypted) issues.push("Enter the client secret");
  // The saved secret is bound to its domain: a new domain needs its own.
  else if (form.clientSecret === "" && baseUrl && baseUrl !== auth0BaseUrl(stored?.domain ?? ""))
    issues.push("Enter the client secret for the new domain (the saved one stays with the domain it was saved for)");
  if (issues.length > 0) throw new z.ZodError(issues.map((message) => ({ code: "custom", message, path: [], input })));
  const data = {
    domain: form.domain,
    clientId: form.clientId,
    lastError: null,
    lastErrorAt: null,
    ...(form.clientSecret !== "" &&
      baseUrl && { clientSecretEncrypted: encryptSecret(form.clientSecret, encryptionContext(baseUrl)) }),
  };
  const changes: AuditChanges = changedFields(
    { domain: stored?.domain, clientId: stored?.clientId },
    { domain: form.domain, clientId: form.clientId },
  );
  if (form.clientSecret !== "" && baseUrl && !isStoredSecret(stored?.clientSecretEncrypted, form.clientSecret, baseUrl))
    changes.clientSecret = SECRET_CHANGED;
  await db().$transaction(async (tx) => {
    await tx.auth0Source.upsert({ where: { id: SOURCE_ID }, create: { id: SOURCE_ID, ...data }, update: data });
    if (Object.keys(changes).length > 0) await recordAudit({ action: "source.saved", target, changes }, { tx });
  });
  return "saved";
}

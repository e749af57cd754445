import { z } from "zod";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Auth0Credentials } from "./client";
import { AUTH0_DOMAIN_HINT, auth0BaseUrl } from "./domain";
import { SOURCE_ID } from "./source-store";

/** The client secret is encrypted like API keys, bound to the source row. */
const ENCRYPTION_CONTEXT = `auth0-source:${SOURCE_ID}`;

/** What the Source page saves: all three, or all empty to stop pulling. A blank secret keeps the stored one. */
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
      settings: { origin: "env", domain: AUTH0_DOMAIN, clientId: AUTH0_CLIENT_ID, hasClientSecret: true, isSecretUnreadable: false },
      credentials: { baseUrl: auth0BaseUrl(AUTH0_DOMAIN)!, clientId: AUTH0_CLIENT_ID, clientSecret: AUTH0_CLIENT_SECRET },
    };
  }
  const row = await db().auth0Source.findUnique({ where: { id: SOURCE_ID }, select: { domain: true, clientId: true, clientSecretEncrypted: true } });
  if (!row?.domain || !row.clientId) return { settings: { origin: null, domain: null, clientId: null, hasClientSecret: false, isSecretUnreadable: false }, credentials: null };
  let clientSecret: string | null = null;
  if (row.clientSecretEncrypted) {
    try {
      clientSecret = decryptSecret(row.clientSecretEncrypted, ENCRYPTION_CONTEXT);
    } catch {
      clientSecret = null;
    }
  }
  const baseUrl = auth0BaseUrl(row.domain);
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

/** The Source page's view of the settings: the AUTH0_* variables win over the dashboard's. */
export async function readSourceSettings(): Promise<SourceSettings> {
  return (await resolve()).settings;
}

/** The credentials to pull with, or null when no source is set up (or its secret cannot be read). */
export async function readSourceCredentials(): Promise<Auth0Credentials | null> {
  return (await resolve()).credentials;
}

/**
 * The credentials to test: the typed values, each blank one taken from what is in effect. Null
 * with a message when something is missing or invalid.
 */
export async function credentialsToTest(form: SourceForm): Promise<Auth0Credentials | string> {
  const { settings, credentials } = await resolve();
  const domain = form.domain.trim() || settings.domain || "";
  const clientId = form.clientId.trim() || settings.clientId || "";
  const clientSecret = form.clientSecret || credentials?.clientSecret || "";
  const baseUrl = auth0BaseUrl(domain);
  if (!baseUrl) return `Enter the domain: ${AUTH0_DOMAIN_HINT}.`;
  if (!clientId) return "Enter the client id.";
  if (!clientSecret) return settings.isSecretUnreadable ? "The saved client secret cannot be decrypted (LOGSTREAMS_SECRET changed): enter it again." : "Enter the client secret.";
  return { baseUrl, clientId, clientSecret };
}

/**
 * Saves the dashboard's source (all fields empty removes it). Throws a ZodError on bad input or
 * when the domain or client id is missing. A new tenant starts from its own beginning: the
 * checkpoint is kept per base URL (see readCheckpoint).
 */
export async function saveSourceSettings(input: unknown): Promise<"saved" | "removed"> {
  const form = sourceFormSchema.parse(input);
  if (form.domain === "" && form.clientId === "" && form.clientSecret === "") {
    await db().auth0Source.updateMany({ where: { id: SOURCE_ID }, data: { domain: null, clientId: null, clientSecretEncrypted: null, lastError: null, lastErrorAt: null } });
    return "removed";
  }
  const stored = await db().auth0Source.findUnique({ where: { id: SOURCE_ID }, select: { clientSecretEncrypted: true } });
  const issues: string[] = [];
  if (form.domain === "") issues.push("Enter the domain");
  if (form.clientId === "") issues.push("Enter the client id");
  if (form.clientSecret === "" && !stored?.clientSecretEncrypted) issues.push("Enter the client secret");
  if (issues.length > 0) throw new z.ZodError(issues.map((message) => ({ code: "custom", message, path: [], input })));
  const data = {
    domain: form.domain,
    clientId: form.clientId,
    lastError: null,
    lastErrorAt: null,
    ...(form.clientSecret !== "" && { clientSecretEncrypted: encryptSecret(form.clientSecret, ENCRYPTION_CONTEXT) }),
  };
  await db().auth0Source.upsert({ where: { id: SOURCE_ID }, create: { id: SOURCE_ID, ...data }, update: data });
  return "saved";
}

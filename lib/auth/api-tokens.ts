import { z } from "zod";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/db/ids";
import type { ApiToken } from "@/lib/db/models";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/logger";
import { hashToken, randomToken } from "./hashing";
import { joinScopes, SCOPE_NAMES, splitScopes, type Scope } from "./scopes";

/** Last use is written at most this often per token: ingestion is a hot path, and a minute is precise enough to tell a token in use. */
const LAST_USED_RESOLUTION_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The expiries the page offers; null: never. */
export const EXPIRY_DAYS = [7, 30, 90, 365] as const;

export const createApiTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(100, "Use at most 100 characters")
    .regex(/^[^\p{Cc}]*$/u, "Use no control characters")
    // The environment's tokens act under these names in the audit log.
    .refine(
      (name) => !/^LOGSTREAMS_/i.test(name),
      "Names starting with LOGSTREAMS_ belong to the environment's tokens",
    ),
  scopes: z
    .array(z.enum(SCOPE_NAMES))
    .min(1, "Choose at least one scope")
    .refine((scopes) => new Set(scopes).size === scopes.length, "Choose each scope once"),
  expiresInDays: z.union([z.null(), z.literal(EXPIRY_DAYS)], {
    error: `Choose never or ${EXPIRY_DAYS.join(", ")} days`,
  }),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

/** A token as the API tokens page shows it: never its secret nor its hash. */
export type ApiTokenSummary = {
  id: string;
  name: string;
  scopes: Scope[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
};

const toSummary = (row: ApiToken): ApiTokenSummary => ({
  id: row.id,
  name: row.name,
  scopes: splitScopes(row.scopes),
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  lastUsedAt: row.lastUsedAt,
});

/** Creates a token; the secret is returned here once and only its hash is kept. */
export async function createApiToken(
  input: z.output<typeof createApiTokenSchema>,
  createdBy: string,
  now = new Date(),
): Promise<{ token: ApiTokenSummary; secret: string }> {
  if (await db().apiToken.findUnique({ where: { name: input.name }, select: { id: true } }))
    throw new AppError("conflict", `A token named '${input.name}' already exists`);
  const secret = randomToken();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        id: newId("tok"),
        name: input.name,
        tokenHash: hashToken(secret),
        scopes: joinScopes(input.scopes),
        createdBy,
        createdAt: now,
        expiresAt: input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS),
      },
    });
    const changes = { scopes: input.scopes, expiresAt: created.expiresAt?.toISOString() ?? null };
    await recordAudit(
      { action: "token.created", target: { type: "token", id: created.id, name: created.name }, changes },
      { tx },
    );
    return created;
  });
  return { token: toSummary(row), secret };
}

/** Every token, newest first. */
export async function listApiTokens(): Promise<ApiTokenSummary[]> {
  return (await db().apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(toSummary);
}

/** Revokes a token: its row goes, so it is refused from the next request on. Returns its name. */
export async function revokeApiToken(id: string): Promise<string> {
  const row = await db().apiToken.findUnique({ where: { id }, select: { name: true } });
  if (!row) throw new AppError("not_found", "This token does not exist (already revoked?)");
  await db().$transaction(async (tx) => {
    await tx.apiToken.deleteMany({ where: { id } });
    await recordAudit({ action: "token.revoked", target: { type: "token", id, name: row.name } }, { tx });
  });
  return row.name;
}

export const isExpired = (token: Pick<ApiToken, "expiresAt">, now: Date) =>
  token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime();

export const hasScope = (token: Pick<ApiToken, "scopes">, scope: Scope) => splitScopes(token.scopes).includes(scope);

/** The stored token a bearer token is (looked up by its hash), or null: unknown or revoked. */
export async function findApiToken(presented: string): Promise<ApiToken | null> {
  return db().apiToken.findUnique({ where: { tokenHash: hashToken(presented) } });
}

/** Stamps the token's last use, at most once a minute (the condition holds across processes too); a failure to stamp never fails the request. */
export async function noteApiTokenUse(token: Pick<ApiToken, "id" | "lastUsedAt">, now: Date): Promise<void> {
  if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  try {
    await db().apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  } catch (error) {
    logger.warn({ err: error, tokenId: token.id }, "could not record an API token's last use");
  }
}

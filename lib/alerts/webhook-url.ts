import { z } from "zod";
import { recordAudit, SECRET_CHANGED } from "@/lib/audit/record";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

const SETTING_KEY = "alert_webhook_url";
/** The URL's path is its secret: stored encrypted like API keys, bound to its setting. */
const ENCRYPTION_CONTEXT = `setting:${SETTING_KEY}`;

/** What the Settings form accepts: an http(s) URL, or nothing to turn alerts off. */
export const alertWebhookUrlSchema = z
  .string()
  .trim()
  .max(2000, "The URL is too long")
  .refine(
    (value) => value === "" || (/^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value)),
    "Enter an http(s) URL, e.g. https://hooks.slack.com/services/…",
  );

export type AlertWebhook = { url: string | null; source: "env" | "dashboard" | null };

/** The URL saved in the dashboard; null when none is, or it was saved under another LOGSTREAMS_SECRET (as if none were, until it is entered again). */
async function readSavedUrl(): Promise<string | null> {
  const saved = await db().setting.findUnique({ where: { key: SETTING_KEY } });
  if (!saved) return null;
  try {
    return decryptSecret(saved.value, ENCRYPTION_CONTEXT);
  } catch {
    return null;
  }
}

/** LOGSTREAMS_ALERT_WEBHOOK_URL wins; otherwise the URL saved in the dashboard. */
export async function readAlertWebhook(): Promise<AlertWebhook> {
  const configured = env().LOGSTREAMS_ALERT_WEBHOOK_URL;
  if (configured) return { url: configured, source: "env" };
  const url = await readSavedUrl();
  return url === null ? { url: null, source: null } : { url, source: "dashboard" };
}

const AUDIT_TARGET = { type: "alerts" as const, id: SETTING_KEY, name: "Alert webhook" };

/**
 * Saves (or with "" removes) the dashboard's webhook URL; throws a ZodError on a bad one. The audit
 * record says only that the URL changed: its path is a secret.
 */
export async function saveAlertWebhookUrl(input: string): Promise<void> {
  const url = alertWebhookUrlSchema.parse(input);
  if (url !== "" && (await readSavedUrl()) === url) return;
  await db().$transaction(async (tx) => {
    if (url === "") {
      const { count } = await tx.setting.deleteMany({ where: { key: SETTING_KEY } });
      if (count > 0)
        await recordAudit(
          { action: "alerts.removed", target: AUDIT_TARGET, changes: { webhookUrl: SECRET_CHANGED } },
          { tx },
        );
    } else {
      const value = encryptSecret(url, ENCRYPTION_CONTEXT);
      await tx.setting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
      await recordAudit(
        { action: "alerts.saved", target: AUDIT_TARGET, changes: { webhookUrl: SECRET_CHANGED } },
        { tx },
      );
    }
  });
}

/**
 * A webhook URL's path holds its secret (Slack's does): shown as scheme, host and the path's
 * first segment only.
 */
export function describeWebhookUrl(url: string): string {
  const parsed = new URL(url);
  const first = parsed.pathname.split("/").filter(Boolean)[0];
  return `${parsed.protocol}//${parsed.host}/${first ? `${first}/…` : ""}`;
}

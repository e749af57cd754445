import { z } from "zod";
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
  .refine((value) => value === "" || (/^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value)), "Enter an http(s) URL, e.g. https://hooks.slack.com/services/…");

export type AlertWebhook = { url: string | null; source: "env" | "dashboard" | null };

/** LOGSTREAMS_ALERT_WEBHOOK_URL wins; otherwise the URL saved in the dashboard. */
export async function readAlertWebhook(): Promise<AlertWebhook> {
  const configured = env().LOGSTREAMS_ALERT_WEBHOOK_URL;
  if (configured) return { url: configured, source: "env" };
  const saved = await db().setting.findUnique({ where: { key: SETTING_KEY } });
  if (!saved) return { url: null, source: null };
  try {
    return { url: decryptSecret(saved.value, ENCRYPTION_CONTEXT), source: "dashboard" };
  } catch {
    // Saved under another LOGSTREAMS_SECRET: as if none were saved, until it is entered again.
    return { url: null, source: null };
  }
}

/** Saves (or with "" removes) the dashboard's webhook URL; throws a ZodError on a bad one. */
export async function saveAlertWebhookUrl(input: string): Promise<void> {
  const url = alertWebhookUrlSchema.parse(input);
  if (url === "") await db().setting.deleteMany({ where: { key: SETTING_KEY } });
  else {
    const value = encryptSecret(url, ENCRYPTION_CONTEXT);
    await db().setting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
  }
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

"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { sendTestAlert } from "@/lib/alerts/stream-alerts";
import { readAlertWebhook, saveAlertWebhookUrl } from "@/lib/alerts/webhook-url";
import { requireAdmin } from "@/lib/auth/session";

export type SettingsActionResult = { ok: boolean; message: string };

const ENV_WINS = "LOGSTREAMS_ALERT_WEBHOOK_URL is set on the server: it wins over the dashboard. Change it there.";

/** Saves the alert webhook URL ("" removes it). */
export async function saveAlertWebhookAction(url: string): Promise<SettingsActionResult> {
  await requireAdmin();
  if ((await readAlertWebhook()).source === "env") return { ok: false, message: ENV_WINS };
  try {
    await saveAlertWebhookUrl(typeof url === "string" ? url : "");
  } catch (error) {
    if (error instanceof ZodError) return { ok: false, message: error.issues[0]?.message ?? "Invalid URL" };
    throw error;
  }
  revalidatePath("/settings");
  return { ok: true, message: url.trim() === "" ? "Alerts are off." : "Saved. Stream alerts go to this webhook." };
}

export async function sendTestAlertAction(): Promise<SettingsActionResult> {
  await requireAdmin();
  const result = await sendTestAlert();
  if (!result) return { ok: false, message: "No webhook URL is configured yet." };
  if (result.ok) return { ok: true, message: `The webhook accepted the test alert (${result.status}).` };
  return { ok: false, message: result.status === null ? "The webhook did not answer." : `The webhook answered ${result.status}.` };
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { sendTestAlert } from "@/lib/alerts/stream-alerts";
import { alertWebhookUrlSchema, readAlertWebhook, saveAlertWebhookUrl } from "@/lib/alerts/webhook-url";
import { ActionSuccess, adminAction, noInput } from "@/lib/auth/action-client";
import { AppError } from "@/lib/errors/app-error";

const ENV_WINS = "LOGSTREAMS_ALERT_WEBHOOK_URL is set on the server: it wins over the dashboard. Change it there.";

/** Saves the alert webhook URL ("" removes it). */
export const saveAlertWebhookAction = adminAction(z.strictObject({ url: alertWebhookUrlSchema }), async ({ url }) => {
  if ((await readAlertWebhook()).source === "env") throw new AppError("conflict", ENV_WINS);
  await saveAlertWebhookUrl(url);
  revalidatePath("/settings");
  return new ActionSuccess(null, url === "" ? "Alerts are off." : "Saved. Stream alerts go to this webhook.");
});

export const sendTestAlertAction = adminAction(noInput, async () => {
  const result = await sendTestAlert();
  if (!result) throw new AppError("not_found", "No webhook URL is configured yet.");
  if (!result.ok)
    throw new AppError(
      "service_unavailable",
      result.status === null ? "The webhook did not answer." : `The webhook answered ${result.status}.`,
    );
  return new ActionSuccess(null, `The webhook accepted the test alert (${result.status}).`);
});

import { Card } from "@/components/card";
import { describeWebhookUrl, readAlertWebhook } from "@/lib/alerts/webhook-url";
import { requireRole } from "@/lib/auth/session";
import { AlertSettingsForm } from "./_components/alert-settings-form";

export const dynamic = "force-dynamic";

/** Settings for the whole installation: where stream alerts go. The webhook URL itself is never sent to the browser (its path is its secret). */
export default async function SettingsPage() {
  await requireRole("admin");
  const webhook = await readAlertWebhook();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <Card
        title="Alerts"
        description="A message to a Slack-compatible incoming webhook (Slack, Mattermost, Teams workflows…) when a stream is suspended, starts failing, or recovers: at most one per stream and kind every 15 minutes."
      >
        <AlertSettingsForm source={webhook.source} configured={webhook.url ? describeWebhookUrl(webhook.url) : null} />
      </Card>
    </div>
  );
}

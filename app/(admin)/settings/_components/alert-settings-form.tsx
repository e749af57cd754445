"use client";

import { useState, useTransition } from "react";
import { Bell } from "lucide-react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import { Field, INPUT_CLASS } from "@/components/field";
import type { ActionResult } from "@/lib/auth/action-client";
import { saveAlertWebhookAction, sendTestAlertAction } from "../actions";

type Props = { source: "env" | "dashboard" | null; configured: string | null };

export function AlertSettingsForm({ source, configured }: Props) {
  const [url, setUrl] = useState("");
  const [result, setResult] = useState<ActionResult | null>(null);
  const [isPending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult>) =>
    startTransition(async () => {
      setResult(await action());
    });

  return (
    <div className="space-y-4">
      <p className="text-sm text-gray-700 dark:text-gray-300" data-testid="alert-webhook-current">
        {configured ? `Alerts go to ${configured}` : "Alerts are off: no webhook URL is configured."}
        {source === "env" && " (set by LOGSTREAMS_ALERT_WEBHOOK_URL on the server; change it there)."}
      </p>
      {source !== "env" && (
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            run(() => saveAlertWebhookAction({ url }));
          }}
        >
          <Field
            label={configured ? "Replace the webhook URL" : "Webhook URL"}
            htmlFor="alert-webhook-url"
            hint="Leave empty and save to turn alerts off."
          >
            <input
              id="alert-webhook-url"
              type="text"
              inputMode="url"
              autoComplete="off"
              className={INPUT_CLASS}
              placeholder="https://hooks.slack.com/services/…"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
            />
          </Field>
          <Button type="submit" disabled={isPending}>
            Save
          </Button>
        </form>
      )}
      {configured && (
        <Button variant="secondary" disabled={isPending} onClick={() => run(() => sendTestAlertAction(undefined))}>
          <Bell className="h-4 w-4" /> Send test alert
        </Button>
      )}
      <ActionMessage result={result} testId="alert-settings-result" />
    </div>
  );
}

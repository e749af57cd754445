"use client";

import { CheckCircle2, Send, XCircle } from "lucide-react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import { SINKS } from "@/lib/destinations/sinks";
import { sendTestEventAction } from "../actions";
import { secretLabelOf } from "./stream-form-values";
import { useActionAnswer, type SinkActionProps } from "./use-action-answer";

/** Sends one synthetic event now to the sink typed (over the stream's stored one) and shows the destination's answer inline: a connection check. */
export function TestEventButton({ type, streamId, getSink }: SinkActionProps) {
  const {
    answer,
    isPending,
    run: send,
  } = useActionAnswer(() => sendTestEventAction({ streamId, type, sink: getSink() }));

  const result = answer?.ok ? answer.data : null;
  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={send} disabled={isPending}>
        <Send className="h-4 w-4" /> {isPending ? "Sending test event…" : "Send test event"}
      </Button>
      {answer && !answer.ok && <ActionMessage result={answer} testId="test-event-result" />}
      {result && (
        <p
          role={result.ok ? "status" : "alert"}
          data-testid="test-event-result"
          className={
            result.ok
              ? "flex items-start gap-2 text-sm text-green-700 dark:text-green-400"
              : "flex items-start gap-2 text-sm text-red-700 dark:text-red-400"
          }
        >
          {result.ok ? (
            <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0" />
          ) : (
            <XCircle className="mt-0.5 h-4 w-4 shrink-0" />
          )}
          <span>
            {result.statusCode !== null ? `${SINKS[type].label} answered ${result.statusCode}: ` : ""}
            {result.detail}
            {!result.ok && (result.statusCode === 401 || result.statusCode === 403)
              ? ` — check the ${secretLabelOf(type)} and the settings.`
              : ""}
          </span>
        </p>
      )}
    </div>
  );
}

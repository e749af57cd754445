"use client";

import { AlertTriangle, CheckCircle2, KeyRound, XCircle } from "lucide-react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import type { KeyCheckResult } from "@/lib/destinations/datadog/key-check";
import { checkApiKeyAction } from "../actions";
import { useActionAnswer } from "./use-action-answer";

function describe(shown: KeyCheckResult): { text: string; className: string; icon: typeof CheckCircle2 } {
  switch (shown.result) {
    case "valid":
      return { text: "Datadog accepted this key.", className: "text-green-700 dark:text-green-400", icon: CheckCircle2 };
    case "invalid":
      return { text: `Datadog refused this key (${shown.statusCode}). Check the key and the region.`, className: "text-red-700 dark:text-red-400", icon: XCircle };
    case "unreachable":
      return { text: `Could not check the key: ${shown.detail}. Saving still works; the stream retries until Datadog answers.`, className: "text-amber-800 dark:text-amber-300", icon: AlertTriangle };
  }
}

/** Asks Datadog's key check for the key typed so far (or the stored one) and shows the answer below the key field. */
export function KeyCheckButton({ streamId, getTarget }: { streamId?: string; getTarget: () => { apiKey?: string; region: string } }) {
  const { answer, isPending, run: check } = useActionAnswer(() => checkApiKeyAction({ streamId, ...getTarget() }));

  const shown = answer?.ok ? answer.data : null;
  const description = shown ? describe(shown) : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={check} disabled={isPending}>
        <KeyRound className="h-4 w-4" /> {isPending ? "Checking key…" : "Check key"}
      </Button>
      {answer && !answer.ok && <ActionMessage result={answer} testId="key-check-result" />}
      {shown && description && (
        <p role={shown.result === "valid" ? "status" : "alert"} data-testid="key-check-result" className={`flex items-start gap-2 text-sm ${description.className}`}>
          <description.icon className="mt-0.5 h-4 w-4 shrink-0" />
          <span>{description.text}</span>
        </p>
      )}
    </div>
  );
}

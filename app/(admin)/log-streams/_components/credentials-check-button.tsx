"use client";

import { AlertTriangle, CheckCircle2, KeyRound, XCircle } from "lucide-react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import type { CredentialsCheck } from "@/lib/destinations/destination";
import { SINKS, type StreamType } from "@/lib/destinations/sinks";
import { checkCredentialsAction } from "../actions";
import { secretLabelOf } from "./stream-form-values";
import { useActionAnswer, type SinkActionProps } from "./use-action-answer";

/** What the check is called for a type: the last word of its secret's label ("API key" → key, "HEC token" → token). */
const credentialsNoun = (type: StreamType) => secretLabelOf(type).split(" ").at(-1)!.toLowerCase();

function describe(
  shown: CredentialsCheck,
  label: string,
  noun: string,
): { text: string; className: string; icon: typeof CheckCircle2 } {
  switch (shown.result) {
    case "valid":
      return {
        text: `${label} accepted this ${noun}.`,
        className: "text-green-700 dark:text-green-400",
        icon: CheckCircle2,
      };
    case "invalid":
      return {
        text: `${label} refused this ${noun} (${shown.statusCode}). Check the ${noun} and the settings above.`,
        className: "text-red-700 dark:text-red-400",
        icon: XCircle,
      };
    case "unreachable":
      return {
        text: `Could not check the ${noun}: ${shown.detail}. Saving still works; the stream retries until ${label} answers.`,
        className: "text-amber-800 dark:text-amber-300",
        icon: AlertTriangle,
      };
  }
}

/** Asks the destination whether the credentials typed so far (or the stored ones) are accepted, and shows the answer below the field. */
export function CredentialsCheckButton({ type, streamId, getSink }: SinkActionProps) {
  const {
    answer,
    isPending,
    run: check,
  } = useActionAnswer(() => checkCredentialsAction({ streamId, type, sink: getSink() }));
  const noun = credentialsNoun(type);
  const shown = answer?.ok ? answer.data : null;
  const description = shown ? describe(shown, SINKS[type].label, noun) : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={check} disabled={isPending}>
        <KeyRound className="h-4 w-4" /> {isPending ? `Checking ${noun}…` : `Check ${noun}`}
      </Button>
      {answer && !answer.ok && <ActionMessage result={answer} testId="key-check-result" />}
      {shown && description && (
        <p
          role={shown.result === "valid" ? "status" : "alert"}
          data-testid="key-check-result"
          className={`flex items-start gap-2 text-sm ${description.className}`}
        >
          <description.icon className="mt-0.5 h-4 w-4 shrink-0" />
          <span>{description.text}</span>
        </p>
      )}
    </div>
  );
}

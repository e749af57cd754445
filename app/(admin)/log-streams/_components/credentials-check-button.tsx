"use client";

import { AlertTriangle, CheckCircle2, KeyRound, XCircle } from "lucide-react";
import type { CredentialsCheck } from "@/lib/destinations/destination";
import { SINKS, type StreamType } from "@/lib/destinations/sinks";
import { checkCredentialsAction } from "../actions";
import { secretLabelOf } from "./stream-form-values";
import { SinkActionButton, type AnswerView, type SinkActionProps } from "./sink-action-button";

/** What the check is called for a type: the last word of its secret's label ("API key" → key, "HEC token" → token). */
const credentialsNoun = (type: StreamType) => secretLabelOf(type).split(" ").at(-1)!.toLowerCase();

function describe(shown: CredentialsCheck, label: string, noun: string): AnswerView {
  switch (shown.result) {
    case "valid":
      return {
        isGood: true,
        text: `${label} accepted this ${noun}.`,
        className: "text-green-700 dark:text-green-400",
        icon: CheckCircle2,
      };
    case "invalid":
      return {
        isGood: false,
        text: `${label} refused this ${noun} (${shown.statusCode}). Check the ${noun} and the settings above.`,
        className: "text-red-700 dark:text-red-400",
        icon: XCircle,
      };
    case "unreachable":
      return {
        isGood: false,
        text: `Could not check the ${noun}: ${shown.detail}. Saving still works; the stream retries until ${label} answers.`,
        className: "text-amber-800 dark:text-amber-300",
        icon: AlertTriangle,
      };
  }
}

/** Asks the destination whether the credentials typed so far (or the stored ones) are accepted, and shows the answer below the field. */
export function CredentialsCheckButton({ type, streamId, getSink }: SinkActionProps) {
  const noun = credentialsNoun(type);
  return (
    <SinkActionButton
      action={() => checkCredentialsAction({ streamId, type, sink: getSink() })}
      icon={KeyRound}
      label={`Check ${noun}`}
      pendingLabel={`Checking ${noun}…`}
      describe={(shown) => describe(shown, SINKS[type].label, noun)}
      testId="key-check-result"
      className="flex flex-wrap items-center gap-3"
    />
  );
}

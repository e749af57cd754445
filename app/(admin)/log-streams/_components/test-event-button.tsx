"use client";

import { CheckCircle2, Send, XCircle } from "lucide-react";
import type { TestEventResult } from "@/lib/delivery/test-event";
import { SINKS, type StreamType } from "@/lib/destinations/sinks";
import { sendTestEventAction } from "../actions";
import { SinkActionButton, type AnswerView, type SinkActionProps } from "./sink-action-button";
import { secretLabelOf } from "./stream-form-values";

function describe(result: TestEventResult, type: StreamType): AnswerView {
  const answered = result.statusCode !== null ? `${SINKS[type].label} answered ${result.statusCode}: ` : "";
  const isRefused = !result.ok && (result.statusCode === 401 || result.statusCode === 403);
  return {
    isGood: result.ok,
    className: result.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400",
    icon: result.ok ? CheckCircle2 : XCircle,
    text: `${answered}${result.detail}${isRefused ? ` — check the ${secretLabelOf(type)} and the settings.` : ""}`,
  };
}

/** Sends one synthetic event now to the sink typed (over the stream's stored one) and shows the destination's answer inline: a connection check. */
export function TestEventButton({ type, streamId, getSink }: SinkActionProps) {
  return (
    <SinkActionButton
      action={() => sendTestEventAction({ streamId, type, sink: getSink() })}
      icon={Send}
      label="Send test event"
      pendingLabel="Sending test event…"
      describe={(result) => describe(result, type)}
      testId="test-event-result"
      className="space-y-2"
    />
  );
}

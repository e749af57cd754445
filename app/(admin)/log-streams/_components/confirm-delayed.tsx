"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { plural } from "@/lib/format/count";
import { countDelayedAction } from "../actions";

type Question = { count: number; action: string; answer: (isConfirmed: boolean) => void };

/**
 * Before Resume, Retry or Retry all: when the events to send include some older than Datadog's
 * 18-hour window, a dialog says what will happen to them and asks. `confirmDelayed` resolves true
 * to go on; render `dialog` once in the component that calls it. Call it before starting a
 * transition: a button disabled while pending could not take the focus back when the dialog closes.
 */
export function useConfirmDelayed(streamId: string) {
  const [question, setQuestion] = useState<Question | null>(null);
  // Kept after the answer: the dialog gives the focus back once it has closed.
  const [opener, setOpener] = useState<HTMLElement | null>(null);

  async function confirmDelayed(
    sending: Parameters<typeof countDelayedAction>[0]["sending"],
    action: string,
  ): Promise<boolean> {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const result = await countDelayedAction({ streamId, sending });
    // When the count fails the action itself reports the problem.
    if (!result.ok || result.data === 0) return true;
    setOpener(focused);
    return new Promise((resolve) => setQuestion({ count: result.data, action, answer: resolve }));
  }

  function answer(isConfirmed: boolean) {
    question?.answer(isConfirmed);
    setQuestion(null);
  }

  const dialog = (
    <ConfirmDialog
      open={question !== null}
      onOpenChange={(isOpen) => !isOpen && answer(false)}
      returnFocusTo={opener}
      title="Send events older than 18 hours?"
      description={
        `${plural(question?.count ?? 0, "event")} to send ${question?.count === 1 ? "is" : "are"} older than 18 hours, and Datadog drops logs dated that far back. ` +
        `They will be sent without their date: Datadog stamps them with the time they arrive, and they are marked ` +
        `log_streams.delayed:true, with their own time in log_streams.original_date and data.date.`
      }
      confirmLabel={`${question?.action ?? "Send"} anyway`}
      confirmVariant="primary"
      onConfirm={() => answer(true)}
    />
  );
  return { confirmDelayed, dialog };
}

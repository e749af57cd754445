"use client";

import type { LucideIcon } from "lucide-react";
import { useState, useTransition, type ReactNode } from "react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import type { ActionResult } from "@/lib/auth/action-client";
import type { StreamType } from "@/lib/destinations/sinks";

/** The props of a button that runs an action on the sink typed in a form (over the stream's stored one when `streamId` is given). */
export type SinkActionProps = { type: StreamType; streamId?: string; getSink: () => Record<string, unknown> };

/** How an action's answer shows: good news announced politely, bad news at once; its colour, icon and words. */
export type AnswerView = { isGood: boolean; className: string; icon: LucideIcon; text: ReactNode };

/**
 * A button that runs a server action on demand and shows its latest answer below it: a failed action
 * as its message, an answer as `describe` words it. `testId` marks whichever shows.
 */
export function SinkActionButton<T>({
  action,
  icon: Icon,
  label,
  pendingLabel,
  describe,
  testId,
  className,
}: {
  action: () => Promise<ActionResult<T>>;
  icon: LucideIcon;
  label: string;
  pendingLabel: string;
  describe: (data: T) => AnswerView;
  testId: string;
  className: string;
}) {
  const [answer, setAnswer] = useState<ActionResult<T> | null>(null);
  const [isPending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      setAnswer(await action());
    });
  const view = answer?.ok ? describe(answer.data) : null;
  return (
    <div className={className}>
      <Button variant="secondary" onClick={run} disabled={isPending}>
        <Icon className="h-4 w-4" /> {isPending ? pendingLabel : label}
      </Button>
      {answer && !answer.ok && <ActionMessage result={answer} testId={testId} />}
      {view && (
        <p
          role={view.isGood ? "status" : "alert"}
          data-testid={testId}
          className={`flex items-start gap-2 text-sm ${view.className}`}
        >
          <view.icon className="mt-0.5 h-4 w-4 shrink-0" />
          <span>{view.text}</span>
        </p>
      )}
    </div>
  );
}

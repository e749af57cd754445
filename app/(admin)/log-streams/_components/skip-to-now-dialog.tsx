"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { FastForward } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { plural } from "@/lib/format/count";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { countWaitingAction, skipToNowAction } from "../actions";

/** Moves the stream's place to the present after a confirmation that says how many waiting events will never be sent. */
export function SkipToNowDialog({ streamId }: { streamId: string }) {
  const router = useRouter();
  const [isOpen, setOpen] = useState(false);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [isPending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<ActionResult | null>(null);

  function open(next: boolean) {
    setOpen(next);
    if (!next) return;
    setWaiting(null);
    setRefusal(null);
    startTransition(async () => {
      const result = await countWaitingAction({ streamId });
      if (!result.ok) return setRefusal(result);
      setWaiting(result.data);
    });
  }

  function skip() {
    startTransition(async () => {
      const result = await skipToNowAction({ streamId });
      if (!result.ok) return setRefusal(result);
      toast.success(`Skipped ${plural(result.data, "waiting event")}`);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary">
          <FastForward className="h-4 w-4" /> Skip to now
        </Button>
      }
      open={isOpen}
      onOpenChange={open}
      title="Skip to now?"
      description={
        <span data-testid="skip-count">
          {waiting === null
            ? "Counting the waiting events…"
            : `${plural(waiting, "waiting event")} will never be sent to Datadog. The stream goes on with events received from now on.`}
        </span>
      }
      confirmLabel={isPending && waiting !== null ? "Skipping…" : "Skip"}
      isConfirmDisabled={waiting === null || isPending}
      onConfirm={skip}
    >
      <ActionMessage result={refusal} />
    </ConfirmDialog>
  );
}

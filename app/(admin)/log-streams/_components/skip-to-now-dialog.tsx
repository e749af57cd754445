"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import * as Dialog from "@radix-ui/react-dialog";
import { FastForward } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { countWaitingAction, skipToNowAction } from "../actions";

/** Moves the stream's place to the present after a confirmation that says how many waiting events will never be sent. */
export function SkipToNowDialog({ streamId }: { streamId: string }) {
  const router = useRouter();
  const [isOpen, setOpen] = useState(false);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [isPending, startTransition] = useTransition();

  function open(next: boolean) {
    setOpen(next);
    if (!next) return;
    setWaiting(null);
    startTransition(async () => {
      const result = await countWaitingAction(streamId);
      if (!result.ok) return void toast.error(result.message);
      setWaiting(result.data);
    });
  }

  function skip() {
    startTransition(async () => {
      const result = await skipToNowAction(streamId);
      if (!result.ok) return void toast.error(result.message);
      toast.success(`Skipped ${result.data.toLocaleString("en-US")} waiting events`);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog.Root open={isOpen} onOpenChange={open}>
      <Dialog.Trigger asChild>
        <Button variant="secondary">
          <FastForward className="h-4 w-4" /> Skip to now
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-full max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 shadow-lg">
          <Dialog.Title className="text-lg font-semibold">Skip to now?</Dialog.Title>
          <Dialog.Description className="text-sm text-gray-600" data-testid="skip-count">
            {waiting === null
              ? "Counting the waiting events…"
              : `${waiting.toLocaleString("en-US")} waiting events will never be sent to Datadog. The stream goes on with events received from now on.`}
          </Dialog.Description>
          <div className="flex justify-end gap-3">
            <Dialog.Close asChild>
              <Button variant="secondary">Cancel</Button>
            </Dialog.Close>
            <Button variant="danger" onClick={skip} disabled={waiting === null || isPending}>
              {isPending && waiting !== null ? "Skipping…" : "Skip"}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, INPUT_CLASS } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { deleteStreamAction } from "../actions";

export function DeleteStreamDialog({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [confirmation, setConfirmation] = useState("");
  const [result, setResult] = useState<ActionResult | null>(null);
  const [isPending, startTransition] = useTransition();

  function remove() {
    startTransition(async () => {
      const answer = await deleteStreamAction({ streamId: id, confirmation });
      if (!answer.ok) return setResult(answer);
      toast.success(`Stream “${name}” deleted`);
      router.push("/log-streams");
    });
  }

  return (
    <ConfirmDialog
      trigger={
        <Button variant="danger">
          <Trash2 className="h-4 w-4" /> Delete stream
        </Button>
      }
      title="Delete this stream?"
      description={
        <>
          Delivery stops at once and its failure history is removed. Type <strong>{name}</strong> to confirm.
        </>
      }
      confirmLabel={isPending ? "Deleting…" : "Delete"}
      isConfirmDisabled={confirmation !== name || isPending}
      onConfirm={remove}
    >
      <Field label="Stream name" htmlFor="delete-confirmation">
        <input
          id="delete-confirmation"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          className={INPUT_CLASS}
          autoComplete="off"
        />
      </Field>
      <ActionMessage result={result} className="mt-2" />
    </ConfirmDialog>
  );
}

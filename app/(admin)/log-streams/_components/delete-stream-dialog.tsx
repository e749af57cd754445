"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, INPUT_CLASS } from "@/components/field";
import { deleteStreamAction } from "../actions";

export function DeleteStreamDialog({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [confirmation, setConfirmation] = useState("");
  const [error, setError] = useState<string>();
  const [isPending, startTransition] = useTransition();

  function remove() {
    startTransition(async () => {
      const result = await deleteStreamAction(id, confirmation);
      if (!result.ok) return setError(result.message);
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
      <Field label="Stream name" htmlFor="delete-confirmation" error={error}>
        <input id="delete-confirmation" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} className={INPUT_CLASS} autoComplete="off" />
      </Field>
    </ConfirmDialog>
  );
}

"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import * as Dialog from "@radix-ui/react-dialog";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
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
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <Button variant="danger">
          <Trash2 className="h-4 w-4" /> Delete stream
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-full max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 shadow-lg">
          <Dialog.Title className="text-lg font-semibold">Delete this stream?</Dialog.Title>
          <Dialog.Description className="text-sm text-gray-600">
            Delivery stops at once and its failure history is removed. Type <strong>{name}</strong> to confirm.
          </Dialog.Description>
          <Field label="Stream name" htmlFor="delete-confirmation" error={error}>
            <input id="delete-confirmation" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} className={INPUT_CLASS} autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-3">
            <Dialog.Close asChild>
              <Button variant="secondary">Cancel</Button>
            </Dialog.Close>
            <Button variant="danger" onClick={remove} disabled={confirmation !== name || isPending}>
              {isPending ? "Deleting…" : "Delete"}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

"use client";

import { useState, useTransition } from "react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import type { ActionResult } from "@/lib/auth/action-client";
import { revokeApiTokenAction } from "../actions";

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [isOpen, setIsOpen] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <>
      <ConfirmDialog
        open={isOpen}
        onOpenChange={setIsOpen}
        trigger={
          <Button variant="secondary" aria-label={`Revoke ${name}`}>
            Revoke
          </Button>
        }
        title={`Revoke '${name}'?`}
        description="Every request with this token is refused from now on. This cannot be undone: a script that needs access again needs a new token."
        confirmLabel="Revoke token"
        isConfirmDisabled={isPending}
        onConfirm={() =>
          startTransition(async () => {
            const answer = await revokeApiTokenAction({ id });
            setResult(answer);
            if (answer.ok) setIsOpen(false);
          })
        }
      />
      {result && !result.ok && <ActionMessage result={result} />}
    </>
  );
}

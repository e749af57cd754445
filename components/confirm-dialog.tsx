"use client";

import type { ReactNode } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { Button } from "@/components/button";

type ConfirmDialogProps = {
  /** The button that opens the dialog; omit it when the dialog is opened by code (`open`). */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Where the focus goes back to on close when there is no trigger (Radix returns it to the trigger). */
  returnFocusTo?: HTMLElement | null;
  title: string;
  description: ReactNode;
  /** Anything between the description and the buttons, e.g. a confirmation field. */
  children?: ReactNode;
  confirmLabel: string;
  confirmVariant?: "primary" | "danger";
  isConfirmDisabled?: boolean;
  onConfirm: () => void;
};

/** A modal question with Cancel and one confirming button; Radix moves the focus in, traps it and gives it back on close. */
export function ConfirmDialog({
  trigger,
  open,
  onOpenChange,
  returnFocusTo,
  title,
  description,
  children,
  confirmLabel,
  confirmVariant = "danger",
  isConfirmDisabled,
  onConfirm,
}: ConfirmDialogProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40 dark:bg-black/60" />
        <Dialog.Content
          onCloseAutoFocus={(event) => {
            if (!returnFocusTo) return;
            event.preventDefault();
            returnFocusTo.focus();
          }}
          className="fixed top-1/2 left-1/2 w-full max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 text-gray-900 shadow-lg dark:border dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100"
        >
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="text-sm text-gray-700 dark:text-gray-300">{description}</Dialog.Description>
          {children}
          <div className="flex justify-end gap-3">
            <Dialog.Close asChild>
              <Button variant="secondary">Cancel</Button>
            </Dialog.Close>
            <Button variant={confirmVariant} onClick={onConfirm} disabled={isConfirmDisabled}>
              {confirmLabel}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { AlertTriangle, RotateCw } from "lucide-react";
import { Button } from "@/components/button";

/**
 * What an admin page shows when reading its data failed. The error's text is not shown: in
 * production Next replaces it anyway, and it may carry internals; its digest finds it in the server log.
 */
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [isRetrying, startRetry] = useTransition();

  function retry() {
    // refresh() reads the page's data again on the server; reset() then renders it in place of this message.
    startRetry(() => {
      router.refresh();
      reset();
    });
  }

  return (
    <div
      role="alert"
      data-testid="admin-error"
      className="mx-auto max-w-lg space-y-4 rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950"
    >
      <div className="flex items-start gap-3">
        <AlertTriangle className="mt-0.5 h-5 w-5 shrink-0 text-red-600 dark:text-red-400" />
        <div className="space-y-1">
          <h1 className="font-semibold">This page could not be loaded</h1>
          <p className="text-sm text-gray-700 dark:text-gray-300">
            The server could not read what this page shows. Nothing was changed. Try again; if it keeps failing, check
            the server log
            {error.digest ? (
              <>
                {" "}
                for reference <code className="font-mono">{error.digest}</code>
              </>
            ) : null}
            .
          </p>
        </div>
      </div>
      <Button variant="secondary" onClick={retry} disabled={isRetrying}>
        <RotateCw className={isRetrying ? "h-4 w-4 animate-spin" : "h-4 w-4"} />{" "}
        {isRetrying ? "Trying again…" : "Try again"}
      </Button>
    </div>
  );
}

"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { ChevronDown, ChevronRight, RotateCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Timestamp } from "@/components/timestamp";
import { plural } from "@/lib/format/count";
import type { ApiFailure } from "@/lib/health/failures";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { replayFailureAction } from "../actions";
import { useConfirmDelayed } from "./confirm-delayed";

function ReplayState({ failure }: { failure: ApiFailure }) {
  if (!failure.replayedAt) return null;
  const when = <Timestamp at={failure.replayedAt} />;
  return failure.replayResult === "delivered" ? (
    <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs text-green-700 dark:bg-green-950 dark:text-green-300">
      Replayed {when}: delivered
    </span>
  ) : (
    <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs text-red-700 dark:bg-red-950 dark:text-red-300">
      Replayed {when}: failed again
    </span>
  );
}

function FailureRow({ canEdit, streamId, failure }: { canEdit: boolean; streamId: string; failure: ApiFailure }) {
  const router = useRouter();
  const [isOpen, setOpen] = useState(false);
  const [refusal, setRefusal] = useState<ActionResult | null>(null);
  const [isPending, startTransition] = useTransition();
  const { confirmDelayed, dialog } = useConfirmDelayed(streamId);

  async function retry() {
    if (!(await confirmDelayed({ failureId: failure.id }, "Retry"))) return;
    startTransition(async () => {
      const result = await replayFailureAction({ streamId, failureId: failure.id });
      setRefusal(result.ok ? null : result);
      if (!result.ok) return;
      if (result.data.result === "delivered") toast.success(`${plural(failure.eventCount, "event")} delivered`);
      else toast.error(`Replay failed: ${result.data.error ?? "see details"}`);
      router.refresh();
    });
  }

  return (
    <li className="py-3" data-testid="failure-row">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <button
          type="button"
          onClick={() => setOpen(!isOpen)}
          className="flex items-center gap-2 text-left text-sm"
          aria-expanded={isOpen}
        >
          {isOpen ? <ChevronDown className="h-4 w-4" /> : <ChevronRight className="h-4 w-4" />}
          <span className="font-mono text-xs text-gray-600 dark:text-gray-400">
            <Timestamp at={failure.occurredAt} />
          </span>
          <span
            className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
            data-testid="failure-status"
          >
            {failure.statusCode ?? "no answer"}
          </span>
          <span data-testid="failure-count">{plural(failure.eventCount, "event")}</span>
          <span className="text-gray-600 dark:text-gray-400">· {plural(failure.attempts, "attempt")}</span>
        </button>
        <div className="flex items-center gap-3">
          <ReplayState failure={failure} />
          {canEdit && (
            <Button variant="secondary" onClick={retry} disabled={isPending} className="px-3 py-1">
              <RotateCw className={isPending ? "h-3.5 w-3.5 animate-spin" : "h-3.5 w-3.5"} />{" "}
              {isPending ? "Retrying…" : "Retry"}
            </Button>
          )}
          {dialog}
        </div>
      </div>
      <ActionMessage result={refusal} className="mt-2 ml-6" />
      {isOpen && (
        <dl className="mt-3 ml-6 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md bg-gray-50 p-3 text-xs dark:bg-gray-800">
          <dt className="text-gray-600 dark:text-gray-400">Datadog said</dt>
          <dd className="font-mono break-all whitespace-pre-wrap">{failure.error}</dd>
          <dt className="text-gray-600 dark:text-gray-400">First log_id</dt>
          <dd className="font-mono">{failure.firstLogId}</dd>
          <dt className="text-gray-600 dark:text-gray-400">Last log_id</dt>
          <dd className="font-mono">{failure.lastLogId}</dd>
          <dt className="text-gray-600 dark:text-gray-400">Failure id</dt>
          <dd className="font-mono">{failure.id}</dd>
          {failure.replayError && (
            <>
              <dt className="text-gray-600 dark:text-gray-400">Replay error</dt>
              <dd className="font-mono break-all">{failure.replayError}</dd>
            </>
          )}
        </dl>
      )}
    </li>
  );
}

export function FailureList({
  canEdit,
  streamId,
  failures,
}: {
  canEdit: boolean;
  streamId: string;
  failures: ApiFailure[];
}) {
  if (failures.length === 0) {
    return (
      <p className="mt-4 rounded-md border border-dashed border-gray-300 p-6 text-center text-sm text-gray-600 dark:border-gray-700 dark:text-gray-400">
        No failed deliveries. Everything sent so far reached Datadog.
      </p>
    );
  }
  return (
    <ul className="mt-4 divide-y divide-gray-100 dark:divide-gray-800">
      {failures.map((failure) => (
        <FailureRow key={failure.id} canEdit={canEdit} streamId={streamId} failure={failure} />
      ))}
    </ul>
  );
}

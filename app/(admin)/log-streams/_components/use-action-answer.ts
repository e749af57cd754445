"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action-client";
import type { StreamType } from "@/lib/destinations/sinks";

/** Runs a server action on demand and keeps its latest answer, for buttons that show the answer inline. */
export function useActionAnswer<T>(action: () => Promise<ActionResult<T>>) {
  const [answer, setAnswer] = useState<ActionResult<T> | null>(null);
  const [isPending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      setAnswer(await action());
    });
  return { answer, isPending, run };
}

/** The props of a button that runs an action on the sink typed in a form (over the stream's stored one when `streamId` is given). */
export type SinkActionProps = { type: StreamType; streamId?: string; getSink: () => Record<string, unknown> };

"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Pause, Play } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { SINKS, type StreamType } from "@/lib/destinations/sinks";
import type { ApiStream } from "@/lib/streams/serialize";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { setStreamStatusAction, updateStreamAction } from "../actions";
import { useConfirmDelayed } from "./confirm-delayed";
import { DeleteStreamDialog } from "./delete-stream-dialog";
import { StreamForm } from "./stream-form";
import { defaultSinkOf } from "./stream-form-values";

/** The stored sink as the form starts it: each secret blank (kept unless typed), its masked value shown beside it. */
function formSinkOf(type: StreamType, sink: Record<string, unknown>) {
  const values: Record<string, unknown> = { ...defaultSinkOf(type), ...sink };
  const maskedSecrets: Record<string, string> = {};
  for (const field of SINKS[type].secretFields) {
    if (typeof sink[field] === "string") maskedSecrets[field] = sink[field];
    values[field] = "";
  }
  if (type === "datadog") values.datadogTags ??= "";
  return { values, maskedSecrets };
}

export function SettingsPanel({ stream, canCheckCredentials }: { stream: ApiStream; canCheckCredentials: boolean }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<ActionResult | null>(null);
  const { confirmDelayed, dialog } = useConfirmDelayed(stream.id);
  const nextStatus = stream.status === "active" ? "paused" : "active";
  const sink = formSinkOf(stream.type, stream.sink as Record<string, unknown>);

  async function changeStatus() {
    if (nextStatus === "active" && !(await confirmDelayed("resume", "Resume"))) return;
    startTransition(async () => {
      const result = await setStreamStatusAction({ streamId: stream.id, status: nextStatus });
      setRefusal(result.ok ? null : result);
      if (!result.ok) return;
      toast.success(
        nextStatus === "paused"
          ? "Stream paused: events are kept until you resume"
          : "Stream resumed: delivering from where it stopped",
      );
      router.refresh();
    });
  }

  return (
    <div className="space-y-6">
      <Card
        title="Delivery"
        description={
          stream.status === "paused"
            ? "Paused: events are stored and delivered when you resume."
            : stream.status === "suspended"
              ? "Suspended: nothing is sent until you fix the cause (see Health) and resume."
              : "Active: events are delivered as they arrive."
        }
      >
        <Button variant="secondary" onClick={changeStatus} disabled={isPending}>
          {nextStatus === "paused" ? <Pause className="h-4 w-4" /> : <Play className="h-4 w-4" />}
          {nextStatus === "paused" ? "Pause" : "Resume"}
        </Button>
        {dialog}
        <ActionMessage result={refusal} className="mt-2" />
      </Card>

      <Card title="Settings">
        <StreamForm
          key={JSON.stringify([stream.name, stream.sink])}
          type={stream.type}
          canCheckCredentials={canCheckCredentials}
          edit={{ streamId: stream.id, maskedSecrets: sink.maskedSecrets }}
          defaultValues={{
            name: stream.name,
            isPriority: stream.isPriority,
            filters: stream.filters,
            pii_config: stream.pii_config,
            sink: sink.values,
          }}
          onSave={(values) =>
            updateStreamAction({ ...(values as Parameters<typeof updateStreamAction>[0]), streamId: stream.id })
          }
          onSaved={() => {
            toast.success("Settings saved");
            router.refresh();
          }}
        />
      </Card>

      <Card
        title="Danger zone"
        description="Deleting a stream stops delivery and removes its failure history. Stored events stay for other streams."
      >
        <DeleteStreamDialog id={stream.id} name={stream.name} />
      </Card>
    </div>
  );
}

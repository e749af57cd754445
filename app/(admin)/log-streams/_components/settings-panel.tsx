"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Pause, Play } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import type { z } from "zod";
import type { settingsFormSchema } from "@/lib/streams/schemas";
import type { ApiStream } from "@/lib/streams/serialize";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { setStreamStatusAction, updateStreamAction } from "../actions";
import { useConfirmDelayed } from "./confirm-delayed";
import { DeleteStreamDialog } from "./delete-stream-dialog";
import { StreamForm } from "./stream-form";

export function SettingsPanel({ stream }: { stream: ApiStream }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<ActionResult | null>(null);
  const { confirmDelayed, dialog } = useConfirmDelayed(stream.id);
  const nextStatus = stream.status === "active" ? "paused" : "active";
  const sink = stream.sink as { datadogApiKey: string; datadogRegion: string; datadogTags?: string };

  async function changeStatus() {
    if (nextStatus === "active" && !(await confirmDelayed("resume", "Resume"))) return;
    startTransition(async () => {
      const result = await setStreamStatusAction({ streamId: stream.id, status: nextStatus });
      setRefusal(result.ok ? null : result);
      if (!result.ok) return;
      toast.success(nextStatus === "paused" ? "Stream paused: events are kept until you resume" : "Stream resumed: delivering from where it stopped");
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
        {stream.type !== "datadog" ? (
          <p className="text-sm text-gray-700 dark:text-gray-300">The settings of this stream are changed through the Management API (PATCH /api/v2/log-streams/{stream.id}) for now.</p>
        ) : (
          <StreamForm
            key={`${sink.datadogApiKey}-${sink.datadogRegion}-${sink.datadogTags}-${stream.name}`}
            mode="edit"
            streamId={stream.id}
            maskedKey={sink.datadogApiKey}
            defaultValues={{
              name: stream.name,
              isPriority: stream.isPriority,
              filters: stream.filters,
              pii_config: stream.pii_config,
              sink: { datadogApiKey: "", datadogRegion: sink.datadogRegion, datadogTags: sink.datadogTags ?? "" },
            }}
            onSave={(values) => updateStreamAction({ ...(values as z.input<typeof settingsFormSchema>), streamId: stream.id })}
            onSaved={() => {
              toast.success("Settings saved");
              router.refresh();
            }}
          />
        )}
      </Card>

      <Card title="Danger zone" description="Deleting a stream stops delivery and removes its failure history. Stored events stay for other streams.">
        <DeleteStreamDialog id={stream.id} name={stream.name} />
      </Card>
    </div>
  );
}

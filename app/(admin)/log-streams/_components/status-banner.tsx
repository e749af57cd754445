"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { AlertTriangle, CheckCircle2, PauseCircle, XOctagon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Timestamp } from "@/components/timestamp";
import { cn } from "@/lib/cn";
import type { HealthSummary } from "@/lib/health/summary";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { setStreamStatusAction } from "../actions";
import { useConfirmDelayed } from "./confirm-delayed";

export type BannerStream = {
  id: string;
  type: string;
  status: string;
  statusReason: string | null;
  statusChangedAt: string;
  region: string;
};

type Tone = "green" | "amber" | "gray" | "red";
type BannerProps = {
  /** Whether the viewer may act (editors and admins): a viewer sees the status, not the buttons. */
  canEdit: boolean;
  stream: BannerStream;
  failingSince: string | null;
  held: HealthSummary["held"];
  keyCheck: { nextAt: string | null; acceptedAt: string | null };
};

/** Active / Paused / Suspended at a glance, with the reason and the next step. */
export function StatusBanner({ canEdit, stream, failingSince, held, keyCheck }: BannerProps) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<ActionResult | null>(null);
  const { confirmDelayed, dialog } = useConfirmDelayed(stream.id);

  async function resume() {
    if (!(await confirmDelayed("resume", "Resume"))) return;
    startTransition(async () => {
      const result = await setStreamStatusAction({ streamId: stream.id, status: "active" });
      setRefusal(result.ok ? null : result);
      if (!result.ok) return;
      toast.success("Stream resumed");
      router.refresh();
    });
  }

  const { tone, title, body, next } = describeStatus({ stream, failingSince, held, keyCheck });
  const resumeButton = (
    <Button variant="secondary" onClick={resume} disabled={isPending}>
      {next === "retry" ? "Retry now" : "Resume"}
    </Button>
  );
  const action =
    next === "update-key" ? (
      <div className="flex gap-2">
        <Link
          href={`/log-streams/${stream.id}/settings`}
          className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Update the key in Settings
        </Link>
        {resumeButton}
      </div>
    ) : next === null ? null : (
      resumeButton
    );

  // Shown while the stream is still in the state the key check resumed it to.
  const isResumedByKeyCheck =
    stream.status === "active" && keyCheck.acceptedAt !== null && keyCheck.acceptedAt >= stream.statusChangedAt;
  return (
    <BannerFrame tone={tone} title={title} body={body} action={canEdit && action} dialog={dialog}>
      {isResumedByKeyCheck && (
        <p data-testid="key-accepted" className="text-sm text-gray-700 dark:text-gray-300">
          Resumed after the key was accepted again (<Timestamp at={keyCheck.acceptedAt!} />
          ).
        </p>
      )}
      <ActionMessage result={refusal} />
    </BannerFrame>
  );
}

/** The banner's tone, title, sentence and which next step it offers, from the stream's state. */
function describeStatus({ stream, failingSince, held, keyCheck }: Omit<BannerProps, "canEdit">): {
  tone: Tone;
  title: string;
  body: React.ReactNode;
  next: "update-key" | "resume" | "retry" | null;
} {
  if (stream.status === "suspended") {
    return {
      tone: "red",
      title: "Suspended",
      body: <SuspendedBody stream={stream} failingSince={failingSince} keyCheckNextAt={keyCheck.nextAt} />,
      next: "update-key",
    };
  }
  if (stream.status === "paused") {
    const body = (
      <>
        Paused since <Timestamp at={stream.statusChangedAt} />. Events are kept and will be delivered when you resume.
      </>
    );
    return { tone: "gray", title: "Paused", body, next: "resume" };
  }
  if (held) {
    const body = (
      <>
        Delivery is held since <Timestamp at={held.since} />: {held.reason}. No event is skipped: they wait and are
        delivered once the cause is fixed.
        {held.retryAt && (
          <>
            {" "}
            It is tried again automatically (next at <Timestamp at={held.retryAt} />
            ).
          </>
        )}
      </>
    );
    return { tone: "red", title: "Active, held back", body, next: "retry" };
  }
  if (failingSince) {
    const body = (
      <>
        Deliveries have failed since <Timestamp at={failingSince} />. See the failures below; Retry them once the cause
        is fixed.
      </>
    );
    return { tone: "amber", title: "Active, with failures", body, next: null };
  }
  return { tone: "green", title: "Active", body: "Events are delivered to Datadog as they arrive.", next: null };
}

function SuspendedBody({
  stream,
  failingSince,
  keyCheckNextAt,
}: {
  stream: BannerStream;
  failingSince: string | null;
  keyCheckNextAt: string | null;
}) {
  const reason = (stream.statusReason ?? "Delivery is suspended. Fix the cause, then resume").replace(/\.$/, "");
  // The reason holds no time: the moments come from the stream's columns (ISO texts, so they compare as strings).
  const hasFailedBefore = failingSince !== null && failingSince < stream.statusChangedAt;
  return (
    <>
      {reason}. Suspended on <Timestamp at={stream.statusChangedAt} />
      {hasFailedBefore && (
        <>
          ; deliveries have failed since <Timestamp at={failingSince} />
        </>
      )}
      .
      {keyCheckNextAt && (
        <>
          {" "}
          The key is checked with Datadog automatically (next at <Timestamp at={keyCheckNextAt} />
          ): the stream resumes by itself once Datadog accepts it.
        </>
      )}
    </>
  );
}

const frameStyles: Record<Tone, string> = {
  green: "border-green-200 bg-green-50 dark:border-green-900 dark:bg-green-950",
  amber: "border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950",
  gray: "border-gray-200 bg-gray-100 dark:border-gray-700 dark:bg-gray-800",
  red: "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950",
};
const iconStyles: Record<Tone, string> = {
  green: "text-green-600 dark:text-green-400",
  amber: "text-amber-600 dark:text-amber-400",
  gray: "text-gray-500 dark:text-gray-400",
  red: "text-red-600 dark:text-red-400",
};
const icons = { green: CheckCircle2, amber: AlertTriangle, gray: PauseCircle, red: XOctagon };

function BannerFrame({
  tone,
  title,
  body,
  action,
  dialog,
  children,
}: {
  tone: Tone;
  title: string;
  body: React.ReactNode;
  action: React.ReactNode;
  dialog: React.ReactNode;
  children: React.ReactNode;
}) {
  const Icon = icons[tone];
  return (
    <div
      // Failures interrupt the screen reader; the other states are announced politely.
      role={tone === "red" || tone === "amber" ? "alert" : "status"}
      data-testid="status-banner"
      className={cn("flex flex-wrap items-center justify-between gap-4 rounded-lg border p-4", frameStyles[tone])}
    >
      <div className="flex items-start gap-3">
        <Icon className={cn("mt-0.5 h-5 w-5", iconStyles[tone])} />
        <div>
          <p className="font-semibold">{title}</p>
          <p className="text-sm text-gray-700 dark:text-gray-300">{body}</p>
          {children}
        </div>
      </div>
      {action}
      {dialog}
    </div>
  );
}

"use client";

import { useEffect, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { RotateCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { Timestamp } from "@/components/timestamp";
import { formatCount, plural } from "@/lib/format/count";
import { formatDuration } from "@/lib/format/time";
import type { ApiFailure } from "@/lib/health/failures";
import { HEALTH_RANGES, type HealthRange } from "@/lib/health/ranges";
import type { HealthSummary } from "@/lib/health/summary";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { replayAllFailuresAction } from "../actions";
import { useConfirmDelayed } from "./confirm-delayed";
import { FailureList } from "./failure-list";
import { HealthChart } from "./health-chart";
import { SkipToNowDialog } from "./skip-to-now-dialog";
import { StatusBanner, type BannerStream } from "./status-banner";
import { TestEventButton } from "./test-event-button";
import { isStreamType, SINKS } from "@/lib/destinations/sinks";

/** The page re-reads its data this often, so a watching admin sees new failures without reloading. */
const REFRESH_INTERVAL_MS = 5_000;

type Props = {
  canEdit: boolean;
  stream: BannerStream;
  range: HealthRange;
  summary: HealthSummary;
  failures: ApiFailure[];
  page: number;
  pageCount: number;
  totalFailures: number;
};

export function HealthView({ canEdit, stream, range, summary, failures, page, pageCount, totalFailures }: Props) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [router]);

  return (
    <div className="space-y-6">
      <StatusBanner
        canEdit={canEdit}
        stream={stream}
        failingSince={summary.failingSince}
        held={summary.held}
        keyCheck={{ nextAt: summary.keyCheckAt, acceptedAt: summary.keyAcceptedAt }}
      />

      <DeliveriesCard stream={stream} range={range} summary={summary} />

      <Card
        title="Skip to now"
        description="Move this stream's place to the present: the events waiting now are never sent. For escaping a flood of old events."
      >
        {canEdit && <SkipToNowDialog streamId={stream.id} />}
        {summary.skipped && (
          <p className="mt-3 text-sm text-gray-700 dark:text-gray-300" data-testid="skipped">
            Skipped {plural(summary.skipped.count, "waiting event")} on <Timestamp at={summary.skipped.at} />.
          </p>
        )}
      </Card>

      {canEdit && isStreamType(stream.type) && (
        <Card
          title="Connection check"
          description={`Send one synthetic Auth0 event to ${SINKS[stream.type].label} now, with the stored settings.`}
        >
          <TestEventButton type={stream.type} streamId={stream.id} getSink={() => ({})} />
        </Card>
      )}

      <FailuresCard
        canEdit={canEdit}
        streamId={stream.id}
        range={range}
        failures={failures}
        page={page}
        pageCount={pageCount}
        totalFailures={totalFailures}
      />
    </div>
  );
}

/** The range picker, the figures for the range, and the chart. */
function DeliveriesCard({ stream, range, summary }: Pick<Props, "stream" | "range" | "summary">) {
  const figures = [
    { label: "Delivered", value: formatCount(summary.deliveredInRange) },
    { label: "Failed", value: formatCount(summary.failedInRange) },
    { label: "Backlog", value: formatCount(summary.backlog), hint: "events waiting" },
    {
      label: "Backlog age",
      value: summary.backlog === 0 ? "—" : formatDuration(summary.lagMs),
      hint: "age of the oldest waiting event",
    },
    { label: "Late", value: formatCount(summary.delayedInRange), hint: "sent older than 18 h, marked delayed" },
    { label: "Last delivery", value: summary.lastDeliveredAt ? <Timestamp at={summary.lastDeliveredAt} /> : "Never" },
  ];

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-base font-semibold">Deliveries</h2>
        <nav aria-label="Range" className="flex gap-1 rounded-md bg-gray-100 p-1 text-sm dark:bg-gray-800">
          {(Object.keys(HEALTH_RANGES) as HealthRange[]).map((key) => (
            <Link
              key={key}
              href={`?range=${key}`}
              aria-current={key === range ? "page" : undefined}
              className={
                key === range
                  ? "rounded bg-white px-3 py-1 font-medium shadow-sm dark:bg-gray-950"
                  : "px-3 py-1 text-gray-700 dark:text-gray-300"
              }
            >
              {HEALTH_RANGES[key].label}
            </Link>
          ))}
        </nav>
      </div>
      <dl className="mt-5 grid grid-cols-2 gap-4 sm:grid-cols-6">
        {figures.map((figure) => (
          <div key={figure.label}>
            <dt className="text-xs text-gray-600 dark:text-gray-400">{figure.label}</dt>
            <dd
              className="mt-1 text-lg font-semibold"
              data-testid={`figure-${figure.label.toLowerCase().replace(" ", "-")}`}
            >
              {figure.value}
            </dd>
            {/* A <dl> holds only <dt>/<dd> groups, so the hint is a second <dd>. */}
            {figure.hint && <dd className="text-xs text-gray-600 dark:text-gray-400">{figure.hint}</dd>}
          </div>
        ))}
      </dl>
      {stream.status !== "active" && summary.oldestWaitingAt && (
        <p className="mt-4 text-sm text-gray-700 dark:text-gray-300" data-testid="backlog-held">
          {plural(summary.backlog, "event")} waiting since <Timestamp at={summary.oldestWaitingAt} /> are kept on disk,
          past the retention period, until this stream delivers them (Resume, or fix the key) or is deleted.
        </p>
      )}
      <HealthChart series={summary.series} range={range} />
    </Card>
  );
}

/** The failed deliveries, newest first, a page at a time, with Retry all. */
function FailuresCard({
  canEdit,
  streamId,
  range,
  failures,
  page,
  pageCount,
  totalFailures,
}: Omit<Props, "stream" | "summary"> & { streamId: string }) {
  const router = useRouter();
  const [isRetrying, startRetry] = useTransition();
  const [refusal, setRefusal] = useState<ActionResult | null>(null);
  const { confirmDelayed, dialog } = useConfirmDelayed(streamId);

  async function retryAll() {
    if (!(await confirmDelayed("retry-all", "Retry all"))) return;
    startRetry(async () => {
      const result = await replayAllFailuresAction({ streamId });
      setRefusal(result.ok ? null : result);
      if (!result.ok) return;
      const { delivered, failed, skipped } = result.data;
      const skippedNote = skipped === 0 ? "" : ` (${formatCount(skipped)} skipped: already being replayed)`;
      if (failed === 0) toast.success(`Replayed ${plural(delivered, "failure")}${skippedNote}`);
      else
        toast.error(
          `${formatCount(delivered)} replayed, ${formatCount(failed)} failed again — see each failure's result${skippedNote}`,
        );
      router.refresh();
    });
  }

  return (
    <Card>
      <div className="flex items-center justify-between">
        <div>
          <h2 className="text-base font-semibold">Failed deliveries</h2>
          <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
            Every failure within the retention period, newest first. Retry sends exactly its events again.
          </p>
        </div>
        {canEdit && totalFailures > 0 && (
          <Button variant="secondary" onClick={retryAll} disabled={isRetrying}>
            <RotateCw className={isRetrying ? "h-4 w-4 animate-spin" : "h-4 w-4"} />{" "}
            {isRetrying ? "Retrying all…" : "Retry all"}
          </Button>
        )}
        {dialog}
      </div>
      <ActionMessage result={refusal} className="mt-2" />
      <FailureList canEdit={canEdit} streamId={streamId} failures={failures} />
      {pageCount > 1 && (
        <div className="mt-4 flex items-center justify-between text-sm">
          <span className="text-gray-600 dark:text-gray-400">
            Page {page + 1} of {pageCount}
          </span>
          <div className="flex gap-2">
            {page > 0 && (
              <Link href={`?range=${range}&page=${page - 1}`} className="text-indigo-700 dark:text-indigo-300">
                ← Newer
              </Link>
            )}
            {page + 1 < pageCount && (
              <Link href={`?range=${range}&page=${page + 1}`} className="text-indigo-700 dark:text-indigo-300">
                Older →
              </Link>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}

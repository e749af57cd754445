import { AlertTriangle } from "lucide-react";
import { Timestamp } from "@/components/timestamp";
import { plural } from "@/lib/format/count";
import type { StreamListHealth } from "@/lib/health/stream-list";

/** The stream list's health columns: last delivery, failures in the last 24 hours, backlog. Problems in red and amber. */
export function StreamHealthCells({ health, now }: { health: StreamListHealth; now: Date }) {
  const { lastDeliveredAt, failedLast24h, backlog } = health;
  return (
    <>
      <td className="px-6 py-4 text-gray-600 dark:text-gray-300" data-testid="health-last-delivery">
        {lastDeliveredAt ? <Timestamp at={lastDeliveredAt} relativeTo={now} /> : "Never delivered"}
      </td>
      <td className="px-6 py-4" data-testid="health-failed">
        {failedLast24h > 0 ? (
          <span className="inline-flex items-center gap-1.5 font-medium text-red-700 dark:text-red-400">
            <AlertTriangle className="h-4 w-4" aria-hidden="true" /> {plural(failedLast24h, "event")} failed
          </span>
        ) : (
          <span className="text-gray-600 dark:text-gray-300">No failures</span>
        )}
      </td>
      <td className="px-6 py-4" data-testid="health-backlog">
        {backlog > 0 ? (
          <span className="font-medium text-amber-800 dark:text-amber-300">{plural(backlog, "event")} waiting</span>
        ) : (
          <span className="text-gray-600 dark:text-gray-300">None waiting</span>
        )}
      </td>
    </>
  );
}

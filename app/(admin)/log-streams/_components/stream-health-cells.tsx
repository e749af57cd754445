import { AlertTriangle } from "lucide-react";
import type { StreamListHealth } from "@/lib/health/stream-list";

/** "just now", "5 min ago", "3 h ago", "2 days ago": the list is read at a glance. */
function formatAgo(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return `${Math.floor(minutes / (24 * 60))} days ago`;
}

const count = (n: number) => (n === 1 ? "1 event" : `${n.toLocaleString("en-US")} events`);

/** The stream list's health columns: last delivery, failures in the last 24 hours, backlog. Problems in red and amber. */
export function StreamHealthCells({ health, now }: { health: StreamListHealth; now: Date }) {
  const { lastDeliveredAt, failedLast24h, backlog } = health;
  return (
    <>
      <td className="px-6 py-4 text-gray-600 dark:text-gray-300" data-testid="health-last-delivery">
        {lastDeliveredAt ? (
          <time dateTime={lastDeliveredAt} title={new Date(lastDeliveredAt).toLocaleString()}>
            {formatAgo(lastDeliveredAt, now)}
          </time>
        ) : (
          "Never delivered"
        )}
      </td>
      <td className="px-6 py-4" data-testid="health-failed">
        {failedLast24h > 0 ? (
          <span className="inline-flex items-center gap-1.5 font-medium text-red-700 dark:text-red-400">
            <AlertTriangle className="h-4 w-4" aria-hidden="true" /> {count(failedLast24h)} failed
          </span>
        ) : (
          <span className="text-gray-600 dark:text-gray-300">No failures</span>
        )}
      </td>
      <td className="px-6 py-4" data-testid="health-backlog">
        {backlog > 0 ? <span className="font-medium text-amber-800 dark:text-amber-300">{count(backlog)} waiting</span> : <span className="text-gray-600 dark:text-gray-300">None waiting</span>}
      </td>
    </>
  );
}

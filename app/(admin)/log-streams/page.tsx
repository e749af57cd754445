import Link from "next/link";
import { Plus } from "lucide-react";
import type { ReactNode } from "react";
import { DestinationLogo } from "@/components/destination-logo";
import { PageHeading } from "@/components/page-heading";
import { StatusBadge } from "@/components/status-badge";
import { readStreamListHealth } from "@/lib/health/stream-list";
import { REGIONS } from "@/lib/destinations/datadog/regions";
import { toApiStream, type ApiStream } from "@/lib/streams/serialize";
import { listStreams } from "@/lib/streams/streams";
import { canDo, requireRole } from "@/lib/auth/session";
import { cn } from "@/lib/cn";
import { StreamHealthCells } from "./_components/stream-health-cells";
import { TableHead } from "@/components/table-head";

/** The host of a URL, or null when it is not one. */
function hostOf(value: unknown): string | null {
  return typeof value === "string" && URL.canParse(value) ? new URL(value).host : null;
}

/** Where a stream's events go, from its sink as answers show it (secrets masked): never a secret. */
function WhereItGoes({ stream }: { stream: ApiStream }) {
  const sink = stream.sink;
  const region = stream.type === "datadog" ? REGIONS.find((r) => r.region === sink.datadogRegion) : undefined;
  if (region) {
    return (
      <>
        {region.datadogName} <span className="text-gray-600 dark:text-gray-400">· {region.site}</span>
      </>
    );
  }
  const where = {
    http: hostOf(sink.httpEndpoint),
    splunk: typeof sink.splunkDomain === "string" ? sink.splunkDomain : null,
    sumo: hostOf(sink.sumoSourceAddress),
    datadog: null,
  }[stream.type];
  return <span className="text-gray-600 dark:text-gray-400">{where ?? "—"}</span>;
}

/** The way into the create wizard (editors and admins). */
function CreateStreamLink({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <Link
      href="/log-streams/new"
      className={cn(
        "inline-flex items-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700",
        className,
      )}
    >
      <Plus className="h-4 w-4" /> {children}
    </Link>
  );
}

export default async function LogStreamsPage() {
  const user = await requireRole("viewer");
  const canEdit = canDo(user, "editor");
  const rows = await listStreams();
  const now = new Date();
  const health = await readStreamListHealth(rows, now);
  const streams = rows.map(toApiStream);
  return (
    <div className="space-y-6">
      <div className="flex items-start justify-between">
        <PageHeading title="Log Streams">
          Send your Auth0 tenant&apos;s events to Datadog, Splunk, Sumo Logic or a webhook of your own in near real
          time.
        </PageHeading>
        {canEdit && <CreateStreamLink>Create Stream</CreateStreamLink>}
      </div>

      {streams.length === 0 ? (
        <div className="rounded-lg border border-dashed border-gray-300 bg-white px-6 py-16 text-center dark:border-gray-700 dark:bg-gray-900">
          <DestinationLogo type="datadog" className="mx-auto h-10 w-10" />
          <h2 className="mt-4 text-base font-semibold">No log streams yet</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-gray-600 dark:text-gray-400">
            Create a stream to Datadog, Splunk, Sumo Logic or a webhook, and every authentication event will reach it
            within a second.
          </p>
          {canEdit && <CreateStreamLink className="mt-6">Create your first stream</CreateStreamLink>}
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg border border-gray-200 bg-white shadow-sm dark:border-gray-800 dark:bg-gray-900">
          <table className="min-w-full divide-y divide-gray-200 text-sm dark:divide-gray-800">
            <TableHead
              columns={["Name", "Type", "Status", "Destination", "Last delivery", "Failed (24 h)", "Backlog"]}
              cellClassName="px-6 py-3"
            />
            <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
              {streams.map((stream) => (
                <tr key={stream.id} className="hover:bg-gray-50 dark:hover:bg-gray-800">
                  <td className="px-6 py-4 font-medium">
                    <Link
                      href={`/log-streams/${stream.id}/settings`}
                      className="text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {stream.name}
                    </Link>
                  </td>
                  <td className="px-6 py-4">
                    <DestinationLogo type={stream.type} className="h-5 w-5" withLabel />
                  </td>
                  <td className="px-6 py-4">
                    <StatusBadge status={stream.status} />
                  </td>
                  <td className="px-6 py-4 text-gray-700 dark:text-gray-300">
                    <WhereItGoes stream={stream} />
                  </td>
                  <StreamHealthCells health={health.get(stream.id)!} now={now} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

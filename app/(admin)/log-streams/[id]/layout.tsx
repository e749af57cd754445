import { BackToStreams } from "@/components/back-link";
import type { ReactNode } from "react";
import { DestinationLogo } from "@/components/destination-logo";
import { SINKS, isStreamType } from "@/lib/destinations/sinks";
import { StatusBadge } from "@/components/status-badge";
import { StreamTabs } from "../_components/stream-tabs";
import { readStreamForPage } from "./read-stream";

export default async function StreamLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const stream = await readStreamForPage(id);
  return (
    <div className="space-y-6">
      <div>
        <BackToStreams />
        <div className="mt-3 flex items-center gap-3">
          <DestinationLogo type={stream.type} className="h-9 w-9" />
          <div>
            <h1 className="text-2xl font-semibold">{stream.name}</h1>
            <p className="text-xs text-gray-600 dark:text-gray-400">
              {isStreamType(stream.type) ? SINKS[stream.type].label : stream.type} · <code>{id}</code>
            </p>
          </div>
          <StatusBadge status={stream.status} />
        </div>
      </div>
      <StreamTabs id={id} />
      {children}
    </div>
  );
}

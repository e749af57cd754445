import { BackToStreams } from "@/components/back-link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { DatadogLogo } from "@/components/datadog-logo";
import { StatusBadge } from "@/components/status-badge";
import { db } from "@/lib/db/client";
import { StreamTabs } from "../_components/stream-tabs";

export default async function StreamLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const stream = await db().logStream.findUnique({ where: { id }, select: { name: true, status: true } });
  if (!stream) notFound();
  return (
    <div className="space-y-6">
      <div>
        <BackToStreams />
        <div className="mt-3 flex items-center gap-3">
          <DatadogLogo className="h-9 w-9" />
          <div>
            <h1 className="text-2xl font-semibold">{stream.name}</h1>
            <p className="text-xs text-gray-500">
              Datadog · <code>{id}</code>
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

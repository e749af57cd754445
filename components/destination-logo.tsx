import { Webhook } from "lucide-react";
import { DatadogLogo } from "@/components/datadog-logo";
import { SINKS, isStreamType } from "@/lib/destinations/sinks";
import { cn } from "@/lib/cn";

/** A stream type's logo (SinkSpec.logo) and, with `withLabel`, its name. */
export function DestinationLogo({ type, className = "h-6 w-6", withLabel = false }: { type: string; className?: string; withLabel?: boolean }) {
  const logo = isStreamType(type) ? SINKS[type].logo : null;
  const label = isStreamType(type) ? SINKS[type].label : type;
  const image = logo === "datadog" ? <DatadogLogo className={className} /> : <Webhook aria-hidden="true" className={cn(className, "text-indigo-600 dark:text-indigo-400")} />;
  if (!withLabel) return image;
  return (
    <span className="inline-flex items-center gap-2">
      {image} {label}
    </span>
  );
}

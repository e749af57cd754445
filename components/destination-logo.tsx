import { Webhook } from "lucide-react";
import { DatadogLogo } from "@/components/datadog-logo";
import { SplunkLogo } from "@/components/splunk-logo";
import { SumoLogo } from "@/components/sumo-logo";
import { SINKS, isStreamType } from "@/lib/destinations/sinks";
import { cn } from "@/lib/cn";

/** A stream type's logo (SinkSpec.logo): the Custom Webhook's (and an unknown type's) is a webhook icon. */
function LogoImage({ logo, className }: { logo: string | null; className: string }) {
  if (logo === "datadog") return <DatadogLogo className={className} />;
  if (logo === "splunk") return <SplunkLogo className={className} />;
  if (logo === "sumo") return <SumoLogo className={className} />;
  return <Webhook aria-hidden="true" className={cn(className, "text-indigo-600 dark:text-indigo-400")} />;
}

/** A stream type's logo (SinkSpec.logo) and, with `withLabel`, its name. */
export function DestinationLogo({
  type,
  className = "h-6 w-6",
  withLabel = false,
}: {
  type: string;
  className?: string;
  withLabel?: boolean;
}) {
  const logo = isStreamType(type) ? SINKS[type].logo : null;
  const label = isStreamType(type) ? SINKS[type].label : type;
  const image = <LogoImage logo={logo} className={className} />;
  if (!withLabel) return image;
  return (
    <span className="inline-flex items-center gap-2">
      {image} {label}
    </span>
  );
}

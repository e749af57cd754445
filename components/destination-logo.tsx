import { Webhook } from "lucide-react";
import type { ReactNode } from "react";
import { SINKS, isStreamType } from "@/lib/destinations/sinks";
import { cn } from "@/lib/cn";

/** Each brand's mark: a simple drawing on a rounded tile of its colour, inline so it works offline. */
const BRAND_MARKS: Record<string, { name: string; tile: string; drawing: ReactNode }> = {
  // A purple dog-head silhouette.
  datadog: {
    name: "Datadog",
    tile: "#632CA6",
    drawing: (
      <path
        fill="#fff"
        d="M9 10.5 12.5 8l2.2 2.6h2.6L19.5 8 23 10.5l-1.2 4.3c.8 1.1 1.2 2.4 1.2 3.7 0 3.6-3.1 6.5-7 6.5s-7-2.9-7-6.5c0-1.3.4-2.6 1.2-3.7L9 10.5Zm4.6 7.1a1.1 1.1 0 1 0 0-2.2 1.1 1.1 0 0 0 0 2.2Zm4.8 0a1.1 1.1 0 1 0 0-2.2 1.1 1.1 0 0 0 0 2.2ZM16 22.4c1.2 0 2-.8 2-1.6h-4c0 .8.8 1.6 2 1.6Z"
      />
    ),
  },
  // A ">" chevron on black, as Splunk's wordmark ends.
  splunk: {
    name: "Splunk",
    tile: "#1A1C20",
    drawing: (
      <path
        fill="none"
        stroke="#65A637"
        strokeWidth="4"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M11 9l11 7-11 7"
      />
    ),
  },
  // A white "S" on Sumo's navy.
  sumo: {
    name: "Sumo Logic",
    tile: "#000099",
    drawing: (
      <text
        x="16"
        y="22.5"
        textAnchor="middle"
        fontFamily="Arial, Helvetica, sans-serif"
        fontSize="18"
        fontWeight="700"
        fill="#fff"
      >
        S
      </text>
    ),
  },
};

/** A stream type's logo (SinkSpec.logo): the Custom Webhook's (and an unknown type's) is a webhook icon. */
function LogoImage({ logo, className }: { logo: string | null; className: string }) {
  const mark = logo !== null && Object.hasOwn(BRAND_MARKS, logo) ? BRAND_MARKS[logo] : undefined;
  if (!mark) return <Webhook aria-hidden="true" className={cn(className, "text-indigo-600 dark:text-indigo-400")} />;
  return (
    <svg viewBox="0 0 32 32" className={className} role="img" aria-label={mark.name}>
      <rect width="32" height="32" rx="6" fill={mark.tile} />
      {mark.drawing}
    </svg>
  );
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

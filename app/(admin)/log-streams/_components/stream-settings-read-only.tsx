import { Card } from "@/components/card";
import { REGIONS } from "@/lib/destinations/datadog/regions";
import { isStreamType, SINKS } from "@/lib/destinations/sinks";
import type { ApiStream } from "@/lib/streams/serialize";

/** The sink's rows: Datadog's as its form names them; another type's fields by their form labels (secrets come masked). */
function sinkRows(stream: ApiStream): [string, string][] {
  const sink = stream.sink as Record<string, unknown>;
  if (stream.type === "datadog") {
    const region = REGIONS.find((r) => r.region === sink.datadogRegion);
    return [
      ["API Key", String(sink.datadogApiKey)],
      ["Region", region ? `${region.datadogName} · ${region.site}` : String(sink.datadogRegion)],
      ["Tags", typeof sink.datadogTags === "string" ? sink.datadogTags : "none"],
    ];
  }
  const fields = isStreamType(stream.type) ? SINKS[stream.type].formFields : [];
  return Object.entries(sink).map(([name, value]) => [
    fields.find((field) => field.name === name)?.label ?? name,
    typeof value === "string" ? value : JSON.stringify(value),
  ]);
}

/** A viewer's Settings tab: what the stream is set to, secrets masked as everywhere, nothing to change. */
export function StreamSettingsReadOnly({ stream }: { stream: ApiStream }) {
  const rows: [string, string][] = [
    ["Name", stream.name],
    ["Status", stream.status],
    ["Destination", isStreamType(stream.type) ? SINKS[stream.type].label : stream.type],
    ...sinkRows(stream),
    ["Categories", stream.filters.length === 0 ? "all events" : stream.filters.map((filter) => filter.name).join(", ")],
    ["Priority", stream.isPriority ? "yes" : "no"],
    [
      "PII",
      stream.pii_config ? `${stream.pii_config.method} ${stream.pii_config.log_fields.join(", ")}` : "sent as is",
    ],
  ];
  return (
    <Card title="Settings" description="Read-only: your role can view this stream but not change it.">
      <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm" data-testid="stream-settings-read-only">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-gray-600 dark:text-gray-400">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

import { Card } from "@/components/card";
import { REGIONS } from "@/lib/streams/regions";
import type { ApiStream } from "@/lib/streams/serialize";

/** A viewer's Settings tab: what the stream is set to, the key masked as everywhere, nothing to change. */
export function StreamSettingsReadOnly({ stream }: { stream: ApiStream }) {
  const region = REGIONS.find((r) => r.region === stream.sink.datadogRegion);
  const rows: [string, string][] = [
    ["Name", stream.name],
    ["Status", stream.status],
    ["API Key", stream.sink.datadogApiKey],
    ["Region", region ? `${region.datadogName} · ${region.site}` : stream.sink.datadogRegion],
    ["Tags", stream.sink.datadogTags ?? "none"],
    ["Categories", stream.filters.length === 0 ? "all events" : stream.filters.map((filter) => filter.name).join(", ")],
    ["Priority", stream.isPriority ? "yes" : "no"],
    ["PII", stream.pii_config ? `${stream.pii_config.method} ${stream.pii_config.log_fields.join(", ")}` : "sent as is"],
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

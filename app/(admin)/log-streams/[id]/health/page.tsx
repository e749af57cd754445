import { listFailures, toApiFailure } from "@/lib/health/failures";
import { getHealthSummary, HEALTH_RANGES, type HealthRange } from "@/lib/health/summary";
import { HealthView } from "../../_components/health-view";
import { readStreamForPage } from "../read-stream";

const FAILURES_PER_PAGE = 20;

export default async function StreamHealthPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ range?: string; page?: string }> }) {
  const { id } = await params;
  const stream = await readStreamForPage(id);
  const query = await searchParams;
  const range: HealthRange = query.range && query.range in HEALTH_RANGES ? (query.range as HealthRange) : "24h";
  const page = Math.max(0, Number.parseInt(query.page ?? "0", 10) || 0);
  const [summary, { failures, total }] = await Promise.all([getHealthSummary(stream, range), listFailures(id, page, FAILURES_PER_PAGE)]);
  return (
    <HealthView
      stream={{ id: stream.id, status: stream.status, statusReason: stream.statusReason, statusChangedAt: stream.statusChangedAt.toISOString(), region: stream.region }}
      range={range}
      summary={summary}
      failures={failures.map(toApiFailure)}
      page={page}
      pageCount={Math.max(1, Math.ceil(total / FAILURES_PER_PAGE))}
      totalFailures={total}
    />
  );
}

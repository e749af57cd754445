import { listFailures, MAX_FAILURES_PAGE, toApiFailure } from "@/lib/health/failures";
import { toHealthRange } from "@/lib/health/ranges";
import { getHealthSummary } from "@/lib/health/summary";
import { HealthView } from "../../_components/health-view";
import { canDo, currentUser } from "@/lib/auth/session";
import { readStreamForPage } from "../read-stream";

const FAILURES_PER_PAGE = 20;

/** The page number a query string asks for: 0 unless a whole number, at most MAX_FAILURES_PAGE. */
function toPageNumber(value: unknown): number {
  const page = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : 0;
  return Math.min(page, MAX_FAILURES_PAGE);
}

export default async function StreamHealthPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const stream = await readStreamForPage(id);
  const query = await searchParams;
  const range = toHealthRange(query.range);
  let page = toPageNumber(query.page);
  const [summary, listed] = await Promise.all([
    getHealthSummary(stream, range),
    listFailures(id, page, FAILURES_PER_PAGE),
  ]);
  let { failures, total } = listed;
  const pageCount = Math.max(1, Math.ceil(total / FAILURES_PER_PAGE));
  // Past the last page (an old link, a typed number): show the last one.
  if (page >= pageCount) {
    page = pageCount - 1;
    ({ failures, total } = await listFailures(id, page, FAILURES_PER_PAGE));
  }
  return (
    <HealthView
      canEdit={canDo(await currentUser(), "editor")}
      stream={{
        id: stream.id,
        type: stream.type,
        status: stream.status,
        statusReason: stream.statusReason,
        statusChangedAt: stream.statusChangedAt.toISOString(),
        region: stream.region,
      }}
      range={range}
      summary={summary}
      failures={failures.map(toApiFailure)}
      page={page}
      pageCount={pageCount}
      totalFailures={total}
    />
  );
}

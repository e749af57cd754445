import { serveMetrics } from "@/lib/api/metrics";

export const dynamic = "force-dynamic";

// GET /metrics
export const GET = (request: Request) => serveMetrics(request, { params: Promise.resolve({}) });

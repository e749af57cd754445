import { renderMetrics } from "@/lib/health/metrics";
import { withMetricsToken } from "./handler";

/** GET /metrics, for the app's route and the worker's metrics port alike. */
export const serveMetrics = withMetricsToken(async () => {
  const { contentType, text } = await renderMetrics();
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});

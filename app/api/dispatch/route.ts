import { withApiToken } from "@/lib/api/handler";
import { createDispatcher } from "@/lib/delivery/dispatcher";

export const dynamic = "force-dynamic";
/** A pass stops taking new batches after this, so a cron job's request finishes in time. */
const PASS_DURATION_MS = 25_000;

// POST /api/dispatch — one bounded delivery pass, for cron-style hosting.
export const POST = withApiToken(async () => {
  const summary = await createDispatcher().runPass({ maxDurationMs: PASS_DURATION_MS });
  return Response.json(summary);
});

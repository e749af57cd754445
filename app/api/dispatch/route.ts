import { withApiToken } from "@/lib/api/handler";
import { createAuth0Puller } from "@/lib/sources/auth0/puller";
import { createDispatcher } from "@/lib/delivery/dispatcher";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";
/** A pass stops taking new batches after this, so a cron job's request finishes in time. */
const PASS_DURATION_MS = 25_000;
/** Part of the pass's budget a pull from the Auth0 tenant (when one is set up) may take first. */
const PULL_DURATION_MS = 10_000;

// POST /api/dispatch — one bounded delivery pass, for cron-style hosting.
export const POST = withApiToken(
  async () => {
    const started = Date.now();
    // A pull that fails (its reason is on the Source page) must not keep the stored events from delivery.
    await createAuth0Puller()
      .runPass({ maxDurationMs: PULL_DURATION_MS })
      .catch((error: unknown) => logger.error({ err: error }, "pulling from Auth0 failed"));
    const summary = await createDispatcher().runPass({ maxDurationMs: PASS_DURATION_MS - (Date.now() - started) });
    return Response.json(summary);
  },
  { scope: "update:log_streams" },
);

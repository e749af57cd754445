import { AppError } from "@/lib/errors/app-error";
import { withApiToken } from "@/lib/api/handler";
import { requestReplay, runClaimedReplay } from "@/lib/delivery/replay";
import { getFailureOrThrow } from "@/lib/health/failures";
import { logger } from "@/lib/logger";
import { getStreamOrThrow } from "@/lib/streams/streams";

// POST /api/v2/log-streams/:id/failures/:failureId/replay
export const POST = withApiToken<{ id: string; failureId: string }>(
  async (_request, { id, failureId }) => {
    await getStreamOrThrow(id);
    await getFailureOrThrow(id, failureId);
    // Claimed now, so a second request while this replay runs, or after it delivered, gets 409.
    const refusal = await requestReplay(failureId, new Date());
    if (refusal) throw new AppError(refusal.reason, refusal.message);
    // Delivered in the background: retries may take a while. The failure row records the result.
    void runClaimedReplay(failureId).catch((error: unknown) =>
      logger.error({ err: error, failureId }, "replay failed"),
    );
    return Response.json({ id: failureId, status: "replaying" }, { status: 202 });
  },
  { scope: "update:log_streams" },
);

import { withApiToken } from "@/lib/api/handler";
import { replayFailure } from "@/lib/delivery/replay";
import { getFailureOrThrow } from "@/lib/health/failures";
import { logger } from "@/lib/logger";
import { getStreamOrThrow } from "@/lib/streams/streams";

// POST /api/v2/log-streams/:id/failures/:failureId/replay
export const POST = withApiToken<{ id: string; failureId: string }>(async (_request, { id, failureId }) => {
  await getStreamOrThrow(id);
  await getFailureOrThrow(id, failureId);
  // Accepted now, delivered in the background: retries may take a while. The failure row records the result.
  void replayFailure(failureId).catch((error: unknown) => logger.error({ err: error, failureId }, "replay failed"));
  return Response.json({ id: failureId, status: "replaying" }, { status: 202 });
});

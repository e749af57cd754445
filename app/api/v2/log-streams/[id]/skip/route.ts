import { withApiToken } from "@/lib/api/handler";
import { skipToNow } from "@/lib/delivery/skip";
import { getStreamOrThrow } from "@/lib/streams/streams";

// POST /api/v2/log-streams/:id/skip
export const POST = withApiToken<{ id: string }>(
  async (_request, { id }) => {
    await getStreamOrThrow(id);
    return Response.json({ skipped: await skipToNow(id, new Date()) });
  },
  { scope: "update:log_streams" },
);

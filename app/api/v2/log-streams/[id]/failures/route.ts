import { z } from "zod";
import { withApiToken } from "@/lib/api/handler";
import { listFailures, MAX_FAILURES_PAGE, MAX_FAILURES_PAGE_SIZE, toApiFailure } from "@/lib/health/failures";
import { getStreamOrThrow } from "@/lib/streams/streams";

const querySchema = z.strictObject({
  page: z.coerce.number().int().min(0).max(MAX_FAILURES_PAGE).default(0),
  per_page: z.coerce.number().int().min(1).max(MAX_FAILURES_PAGE_SIZE).default(50),
});

// GET /api/v2/log-streams/:id/failures
export const GET = withApiToken<{ id: string }>(
  async (request, { id }) => {
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    await getStreamOrThrow(id);
    const { failures } = await listFailures(id, query.page, query.per_page);
    return Response.json(failures.map(toApiFailure));
  },
  { scope: "read:log_streams" },
);

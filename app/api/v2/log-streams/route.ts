import { parseBody, readJsonBody, withApiToken } from "@/lib/api/handler";
import { createStreamSchema } from "@/lib/streams/schemas";
import { toApiStream } from "@/lib/streams/serialize";
import { createStream, listStreams } from "@/lib/streams/streams";

// GET /api/v2/log-streams
export const GET = withApiToken(async () => Response.json((await listStreams()).map(toApiStream)), {
  scope: "read:log_streams",
});

// POST /api/v2/log-streams
export const POST = withApiToken(
  async (request) => {
    const input = parseBody(createStreamSchema, await readJsonBody(request));
    return Response.json(toApiStream(await createStream(input)));
  },
  { scope: "create:log_streams" },
);

import { parseBody, readJsonBody, withApiToken } from "@/lib/api/handler";
import { updateStreamSchema } from "@/lib/streams/schemas";
import { toApiStream } from "@/lib/streams/serialize";
import { deleteStream, getStreamOrThrow, updateStream } from "@/lib/streams/streams";

type Params = { id: string };

// GET /api/v2/log-streams/:id
export const GET = withApiToken<Params>(
  async (_request, { id }) => Response.json(toApiStream(await getStreamOrThrow(id))),
  { scope: "read:log_streams" },
);

// PATCH /api/v2/log-streams/:id
export const PATCH = withApiToken<Params>(
  async (request, { id }) => {
    const input = parseBody(updateStreamSchema, await readJsonBody(request));
    return Response.json(toApiStream(await updateStream(id, input)));
  },
  { scope: "update:log_streams" },
);

// DELETE /api/v2/log-streams/:id
export const DELETE = withApiToken<Params>(
  async (_request, { id }) => {
    await deleteStream(id);
    return new Response(null, { status: 204 });
  },
  { scope: "delete:log_streams" },
);

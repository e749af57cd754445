import { expectedBodyBytes, readBodyBytes, withIngestToken } from "@/lib/api/handler";
import { clientAddress } from "@/lib/auth/client-address";
import { wakeDispatchers } from "@/lib/events/wake";
import { env } from "@/lib/env";
import { ingestReadDeadlineMs, withIngestCapacity } from "@/lib/ingest/capacity";
import { ingestBody } from "@/lib/ingest/ingest";

/** 5 MB (5 × 1024 × 1024 bytes) per request body, as the spec's Ingestion section says. */
const INGEST_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

// POST /api/v2/logs
export const POST = withIngestToken(async (request) => {
  const bytes = expectedBodyBytes(request, INGEST_BODY_LIMIT_BYTES);
  const client = clientAddress(request.headers, env().LOGSTREAMS_TRUST_PROXY);
  const result = await withIngestCapacity(bytes, client, async () =>
    ingestBody(await readBodyBytes(request, INGEST_BODY_LIMIT_BYTES, ingestReadDeadlineMs(bytes))),
  );
  wakeDispatchers("events");
  return Response.json(result, { status: 202 });
});

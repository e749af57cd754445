import { readBodyText, withIngestToken } from "@/lib/api/handler";
import { notifyEventsStored } from "@/lib/delivery/wake";
import { parseIngestBody } from "@/lib/ingest/parse";
import { storeEvents } from "@/lib/ingest/store";

/** 5 MB (5 × 1024 × 1024 bytes) per request body, as the spec's Ingestion section says. */
const INGEST_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

// POST /api/v2/logs
export const POST = withIngestToken(async (request) => {
  const events = parseIngestBody(await readBodyText(request, INGEST_BODY_LIMIT_BYTES));
  const result = await storeEvents(events);
  notifyEventsStored();
  return Response.json(result, { status: 202 });
});

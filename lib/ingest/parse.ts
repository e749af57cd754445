import { ApiError } from "@/lib/api/errors";
import { itemJson } from "@/lib/delivery/items";

/** An event ready to store: its Datadog log item built now, so delivery need not parse the event again. */
export type IncomingEvent = { logId: string; type: string; item: string };

const invalid = (message: string) => new ApiError("invalid_body", message);

function toEvent(value: unknown, where: string): IncomingEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid(`${where}: an event must be a JSON object with log_id and data`);
  const { log_id: logId, data } = value as { log_id?: unknown; data?: unknown };
  if (typeof logId !== "string" || logId.length === 0) throw invalid(`${where}: log_id must be a non-empty string`);
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw invalid(`${where}: data must be an object`);
  const fields = data as Record<string, unknown>;
  return { logId, type: typeof fields.type === "string" ? fields.type : "", item: itemJson(logId, fields) };
}

/**
 * Reads what an Auth0 Custom Webhook stream sends: a JSON array, JSON Lines, or one JSON object
 * (which may span lines). Throws a 400 ApiError naming the index (array, from 0) or the line
 * (JSON Lines, from 1) at fault.
 */
export function parseIngestBody(text: string): IncomingEvent[] {
  const body = text.trim();
  if (body.length === 0) throw invalid("The request body is empty: send a JSON array, JSON Lines or one JSON object of {log_id, data}");

  let whole: unknown;
  let isWholeJson = true;
  try {
    whole = JSON.parse(body);
  } catch {
    isWholeJson = false;
  }

  if (isWholeJson) {
    if (Array.isArray(whole)) {
      if (whole.length === 0) throw invalid("The array is empty: send at least one event");
      return whole.map((item, index) => toEvent(item, `index ${index}`));
    }
    return [toEvent(whole, "the event")];
  }
  if (body.startsWith("[")) throw invalid("The body is not valid JSON: the array does not parse");

  const events: IncomingEvent[] = [];
  const lines = body.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw invalid(`line ${index + 1}: not valid JSON`);
    }
    events.push(toEvent(parsed, `line ${index + 1}`));
  }
  return events;
}

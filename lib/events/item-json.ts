type EventData = Record<string, unknown>;

/** A short human line for Datadog's Log Explorer: the event's description, else its type and user. */
export function messageOf(data: EventData, type: string): string {
  if (typeof data.description === "string" && data.description.trim() !== "") return data.description;
  const user = [data.user_name, data.user_id].find((v) => typeof v === "string" && v !== "");
  return [type || "auth0 event", user].filter(Boolean).join(" ");
}

/**
 * The JSON text of an Auth0 event's Datadog log item: `log_id`, `data` as received, `ddsource` and
 * `service` "auth0", a `message`, and Datadog's reserved `date` and `hostname` where the event has
 * them. Built once, at ingestion, and stored, so delivery without PII rules only joins stored texts.
 * `dataText` is `data`'s own JSON text where the caller has it: the request body's.
 */
export function itemJson(logId: string, data: EventData, dataText = JSON.stringify(data)): string {
  const type = typeof data.type === "string" ? data.type : "";
  // Written out rather than serialised from an object: ~20 % faster, and ingestion builds one per event.
  let json = `{"log_id":${JSON.stringify(logId)},"data":${dataText},"ddsource":"auth0","service":"auth0","message":${JSON.stringify(messageOf(data, type))}`;
  if (typeof data.date === "string") json += `,"date":${JSON.stringify(data.date)}`;
  if (typeof data.hostname === "string") json += `,"hostname":${JSON.stringify(data.hostname)}`;
  return `${json}}`;
}

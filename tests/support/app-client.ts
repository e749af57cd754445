/**
 * The app's HTTP API as the Vitest suites, the browser tests and the bench call it. Imports nothing
 * of Vitest or Playwright, so that all of them can.
 */

/** What the app answered: the status, the headers, the body as sent and, when it is JSON, parsed. */
export type AppAnswer = { status: number; headers: Headers; text: string; json: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The tokens a client sends; one left out is not sent (to see the 401). */
export type AppTokens = { apiToken?: string; ingestToken?: string };

/** An object goes as JSON; a string as it is (JSON Lines, malformed JSON). */
const toBody = (body: object | string) => (typeof body === "string" ? body : JSON.stringify(body));

export function appClient(baseUrl: string, { apiToken, ingestToken }: AppTokens = {}) {
  async function send(
    method: string,
    path: string,
    token: string | undefined,
    body?: string,
    contentType?: string,
  ): Promise<AppAnswer> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (contentType !== undefined) headers["content-type"] = contentType;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: "manual" });
    const text = await response.text();
    const isJson = text !== "" && (response.headers.get("content-type") ?? "").includes("json");
    return { status: response.status, headers: response.headers, text, json: isJson ? JSON.parse(text) : undefined };
  }
  /** A Management API call: the API token, a JSON body. */
  const manage = (method: string, path: string, body?: object | string) =>
    send(method, path, apiToken, body === undefined ? undefined : toBody(body), "application/json");
  const stream = (id: string) => `/api/v2/log-streams/${id}`;

  return {
    /** POST /api/v2/logs with the ingestion token: events (or one event) as JSON, or a body as it is. */
    ingest: (events: object | string, { contentType = "application/json" } = {}) =>
      send("POST", "/api/v2/logs", ingestToken, toBody(events), contentType),
    listStreams: () => manage("GET", "/api/v2/log-streams"),
    createStream: (body: object | string) => manage("POST", "/api/v2/log-streams", body),
    getStream: (id: string) => manage("GET", stream(id)),
    patchStream: (id: string, body: object | string) => manage("PATCH", stream(id), body),
    deleteStream: (id: string) => manage("DELETE", stream(id)),
    /** GET …/failures, with `page` and `per_page` when given. */
    failures: (id: string, query: Record<string, string | number> = {}) => {
      const search = new URLSearchParams(
        Object.entries(query).map(([name, value]) => [name, String(value)]),
      ).toString();
      return manage("GET", `${stream(id)}/failures${search ? `?${search}` : ""}`);
    },
    replay: (id: string, failureId: string) => manage("POST", `${stream(id)}/failures/${failureId}/replay`),
    skip: (id: string) => manage("POST", `${stream(id)}/skip`),
    /** GET /api/v2/audit-log with a query string as given (`actor=…&page=…`). */
    auditLog: (query = "") => manage("GET", `/api/v2/audit-log${query ? `?${query}` : ""}`),
    /** POST /api/dispatch: one delivery pass. */
    dispatch: () => manage("POST", "/api/dispatch"),
    /** GET /metrics with the Management API token. */
    metrics: () => send("GET", "/metrics", apiToken),
  };
}

export type AppClient = ReturnType<typeof appClient>;

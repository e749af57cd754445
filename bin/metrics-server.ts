import http from "node:http";
import type { AddressInfo } from "node:net";
import { serveMetrics } from "@/lib/api/metrics";
import { errorBody } from "@/lib/api/errors";
import { logger } from "@/lib/logger";

/** The request's path; null when its target cannot be read as a URL (`GET //[ HTTP/1.1`). */
function pathOf(target: string): string | null {
  return URL.canParse(target, "http://worker") ? new URL(target, "http://worker").pathname : null;
}

async function answer(incoming: http.IncomingMessage): Promise<Response> {
  const path = pathOf(incoming.url ?? "/");
  if (path === null) return Response.json(errorBody(400, "Bad request", "invalid_request"), { status: 400 });
  if (path !== "/metrics") return Response.json(errorBody(404, "Not found", "not_found"), { status: 404 });
  if (incoming.method !== "GET")
    return Response.json(errorBody(405, "Method not allowed", "method_not_allowed"), {
      status: 405,
      headers: { allow: "GET" },
    });
  const headers = new Headers();
  if (incoming.headers.authorization) headers.set("authorization", incoming.headers.authorization);
  return serveMetrics(new Request("http://worker/metrics", { headers }), { params: Promise.resolve({}) });
}

/**
 * `npm run worker`'s GET /metrics (LOGSTREAMS_METRICS_PORT on LOGSTREAMS_METRICS_HOST): the same
 * answer, token check included, as the app's. Every request gets an answer; none can end the worker.
 */
export async function startMetricsServer(
  port: number,
  host: string,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((incoming, outgoing) => {
    answer(incoming)
      .catch((error: unknown) => {
        logger.error({ err: error }, "metrics request failed");
        return Response.json(errorBody(500, "Internal Server Error", "internal_error"), { status: 500 });
      })
      .then(async (response) => {
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

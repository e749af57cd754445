import http from "node:http";
import type { AddressInfo } from "node:net";
import { serveMetrics } from "@/lib/api/metrics";
import { errorBody } from "@/lib/api/errors";

/** `npm run worker`'s GET /metrics (LOGSTREAMS_METRICS_PORT): the same answer, token check included, as the app's. */
export async function startMetricsServer(port: number, host = "0.0.0.0"): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer(async (incoming, outgoing) => {
    const path = new URL(incoming.url ?? "/", "http://worker").pathname;
    let response: Response;
    if (path !== "/metrics") response = Response.json(errorBody(404, "Not found", "not_found"), { status: 404 });
    else if (incoming.method !== "GET") response = Response.json(errorBody(405, "Method not allowed", "method_not_allowed"), { status: 405, headers: { allow: "GET" } });
    else {
      const headers = new Headers();
      if (incoming.headers.authorization) headers.set("authorization", incoming.headers.authorization);
      response = await serveMetrics(new Request("http://worker/metrics", { headers }), { params: Promise.resolve({}) });
    }
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
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

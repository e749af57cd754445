import http from "node:http";

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; json: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A request from `localAddress` (any of 127.0.0.0/8 on Linux), so that a test is a client address
 * of its own: the app throttles and bounds bodies per client address.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: options.method ?? "GET",
      headers: options.headers,
      localAddress,
      agent: false,
    });
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, json: text ? JSON.parse(text) : undefined }),
      );
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { retryAfterHeader, takeFault, type StandinFault } from "./fault";

/**
 * A loopback stand-in for Sumo Logic's HTTP Logs and Metrics sources, following their documented
 * protocol: `POST /receiver/v1/http/<token>`, a body plain or compressed (Content-Encoding gzip or
 * deflate), one message a line; 200 when received, 401 for a token no source has ("missing or
 * invalid URL token"). Each source can be told to misbehave. For the tests.
 */

const SOURCE_PATH = "/receiver/v1/http/";
/** Where Sumo's collection endpoints send a browser that asks for no source: a redirect. */
const SIGN_IN_PAGE = "https://service.sumologic.com/ui/";

/** `status` as Sumo answers: 429 (throttled), 503, 404 (a deleted source), 401, 400, or 302 (a redirect to the sign-in page). */
export type SumoFault = StandinFault & {
  /** Answer 413 to bodies over this many bytes once uncompressed (to exercise splitting) */
  maxBytes?: number;
  /** Repeat the request's URL and its token in the error answer, as a proxy might */
  echoAddress?: boolean;
};

export type SumoEvent = { log_id: string; data: Record<string, unknown> };

export type SumoRequest = {
  token: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes as they came (compressed when Content-Encoding says so) */
  bodyBytes: number;
  /** The body uncompressed */
  text: string;
  lines: string[];
};

export type SumoSource = { token: string; address: string };

export type SumoSourceStandin = {
  baseUrl: string;
  /** A new HTTP source: its token and its address (the URL Sumo shows). */
  createSource(): SumoSource;
  /** The source is gone: its address is answered 401, as Sumo answers any token it does not know. */
  deleteSource(token: string): void;
  setFault(token: string, fault: SumoFault | null): void;
  /** Requests that reached the source's address, answered or not. */
  requests(token: string): SumoRequest[];
  /** Messages (lines, parsed) of the source's accepted (2xx) requests, in order. */
  received(token: string): SumoEvent[];
  close(): Promise<void>;
};

function decode(body: Buffer, encoding: string | undefined): string {
  if (encoding === "gzip") return zlib.gunzipSync(body).toString("utf8");
  if (encoding === "deflate") return zlib.inflateSync(body).toString("utf8");
  return body.toString("utf8");
}

/** A token as Sumo makes them: ~100 base64url characters. */
const newToken = () => crypto.randomBytes(72).toString("base64url") + "==";

export async function startSumoSource(): Promise<SumoSourceStandin> {
  const sources = new Set<string>();
  const faults = new Map<string, SumoFault>();
  const log: SumoRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = (status: number, text = "", headers: Record<string, string> = {}) =>
        res.writeHead(status, { "Content-Type": "text/plain", ...headers }).end(text);
      const path = (req.url ?? "/").split("?")[0]!;
      if (!path.startsWith(SOURCE_PATH)) return answer(302, "", { Location: SIGN_IN_PAGE });
      const token = path.slice(SOURCE_PATH.length);
      const body = Buffer.concat(chunks);
      const record: SumoRequest = {
        token,
        status: 0,
        headers: req.headers,
        bodyBytes: body.length,
        text: "",
        lines: [],
      };
      log.push(record);
      const reply = (status: number, text = "", headers: Record<string, string> = {}) => {
        record.status = status;
        answer(status, text, headers);
      };
      if (req.method !== "POST") return reply(405, "POST only");
      if (!sources.has(token)) return reply(401, "HTTP request was rejected due to missing or invalid URL token");
      try {
        record.text = decode(body, req.headers["content-encoding"]);
      } catch {
        return reply(400, "The body is not what its Content-Encoding says");
      }
      record.lines = record.text.split("\n").filter((line) => line !== "");
      const fault = takeFault(faults, token);
      if (fault) {
        if (fault.maxBytes !== undefined && Buffer.byteLength(record.text) > fault.maxBytes)
          return reply(413, "Request Entity Too Large");
        if (fault.status === 302) return reply(302, "", { Location: SIGN_IN_PAGE });
        if (fault.status !== undefined) {
          const text = fault.echoAddress
            ? `fault ${fault.status} for http://${req.headers.host}${req.url} (token ${token})`
            : `fault ${fault.status}`;
          return reply(fault.status, text, retryAfterHeader(fault));
        }
      }
      reply(200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    createSource() {
      const token = newToken();
      sources.add(token);
      return { token, address: `${baseUrl}${SOURCE_PATH}${token}` };
    },
    deleteSource: (token) => void sources.delete(token),
    setFault: (token, fault) => (fault ? faults.set(token, { ...fault }) : faults.delete(token)),
    requests: (token) => log.filter((request) => request.token === token),
    received: (token) =>
      log
        .filter((request) => request.token === token && request.status >= 200 && request.status < 300)
        .flatMap((request) => request.lines.map((line) => JSON.parse(line) as SumoEvent)),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

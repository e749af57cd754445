import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { retryAfterHeader, takeFault, type StandinFault } from "./fault";

/**
 * A loopback stand-in for Splunk's HTTP Event Collector, over HTTPS with a self-signed certificate
 * made when it starts (as a fresh Splunk's own is). It follows HEC's protocol: `POST
 * /services/collector/event` with `Authorization: Splunk <token>`, a body of JSON events stacked one
 * after another (gzip'ed when Content-Encoding says so) parsed strictly, and HEC's JSON answers
 * `{"text", "code"}` with their documented statuses. Tokens are added (and disabled) by the test;
 * each token is its own receiver and can be told to misbehave. For the tests and dev tools.
 */

export type HecFault = StandinFault & {
  /** HEC code to answer with (e.g. 6 invalid data format with 400); by default the one Splunk sends with `status` (503 → 9 server busy) */
  code?: number;
  /** Location header value, with a 3xx status (a client must not follow it) */
  location?: string;
  /** Answer 413 to bodies over this many bytes (uncompressed), to exercise splitting */
  maxBytes?: number;
  /** Repeat the request's Authorization in the answer's text, as a misconfigured proxy may */
  echoAuthorization?: boolean;
};

/** One HEC event as it came. */
export type HecEvent = { time?: number; host?: string; source?: string; sourcetype?: string; event: unknown };

export type HecRequest = {
  token: string | null;
  status: number;
  code: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  events: HecEvent[];
};

export type SplunkHec = {
  /** What a stream's sink names: `splunkDomain` and `splunkPort`. */
  domain: string;
  port: string;
  /** The certificate it serves (PEM), self-signed for 127.0.0.1. */
  certificate: string;
  /** A token HEC accepts from now on. */
  addToken(token: string): void;
  /** The token stays known but is refused with 403 code 1 (token disabled); enable again with addToken. */
  disableToken(token: string): void;
  setFault(token: string, fault: HecFault | null): void;
  /** Requests that carried the token (any answer); null for those without one. */
  requests(token: string | null): HecRequest[];
  /** Events of the token's accepted requests, in order. */
  received(token: string): HecEvent[];
  close(): Promise<void>;
};

/** HEC's answer texts by code, and the status each comes with (Splunk docs, "Troubleshoot HTTP Event Collector"). */
export const HEC_ANSWERS: Record<number, { status: number; text: string }> = {
  0: { status: 200, text: "Success" },
  1: { status: 403, text: "Token disabled" },
  2: { status: 401, text: "Token is required" },
  3: { status: 401, text: "Invalid authorization" },
  4: { status: 403, text: "Invalid token" },
  5: { status: 400, text: "No data" },
  6: { status: 400, text: "Invalid data format" },
  7: { status: 400, text: "Incorrect index" },
  8: { status: 500, text: "Internal server error" },
  9: { status: 503, text: "Server is busy" },
  12: { status: 400, text: "Event field is required" },
  13: { status: 400, text: "Event field cannot be blank" },
};

const EVENT_PATH = "/services/collector/event";

/** HEC's body: JSON objects one after another, whitespace allowed between them; index of the first bad one otherwise. */
export function parseStackedEvents(
  text: string,
): { events: Record<string, unknown>[] } | { invalidEventNumber: number } {
  const events: Record<string, unknown>[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (skipSpace(); i < text.length; skipSpace()) {
    if (text[i] !== "{") return { invalidEventNumber: events.length };
    const start = i;
    let depth = 0;
    let isInString = false;
    for (; i < text.length; i++) {
      const char = text[i];
      if (isInString) {
        if (char === "\\") i++;
        else if (char === '"') isInString = false;
      } else if (char === '"') isInString = true;
      else if (char === "{" || char === "[") depth++;
      else if ((char === "}" || char === "]") && --depth === 0) break;
    }
    try {
      events.push(JSON.parse(text.slice(start, ++i)) as Record<string, unknown>);
    } catch {
      return { invalidEventNumber: events.length };
    }
  }
  return { events };
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "splunk-hec-"));
  try {
    const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      { stdio: "ignore" },
    );
    return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startSplunkHec(): Promise<SplunkHec> {
  const tokens = new Map<string, "enabled" | "disabled">();
  const faults = new Map<string, HecFault>();
  const log: HecRequest[] = [];
  const { key, cert } = selfSignedCertificate();

  const server = https.createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const authorization = req.headers.authorization;
      const token = authorization?.startsWith("Splunk ") ? authorization.slice("Splunk ".length) : null;
      const record: HecRequest = { token, status: 0, code: -1, headers: req.headers, body: "", events: [] };
      log.push(record);
      const answer = (
        code: number,
        extra: {
          status?: number;
          text?: string;
          headers?: Record<string, string>;
          more?: Record<string, unknown>;
        } = {},
      ) => {
        record.code = code;
        record.status = extra.status ?? HEC_ANSWERS[code]?.status ?? 400;
        const body = JSON.stringify({ text: extra.text ?? HEC_ANSWERS[code]?.text ?? "Error", code, ...extra.more });
        res.writeHead(record.status, { "Content-Type": "application/json; charset=UTF-8", ...extra.headers }).end(body);
      };
      if ((req.url ?? "").split("?")[0] !== EVENT_PATH)
        return answer(404, { status: 404, text: "The requested URL was not found on this server." });
      if (req.method !== "POST") return answer(405, { status: 405, text: "Method not allowed" });
      if (authorization === undefined) return answer(2);
      if (token === null) return answer(3);
      const state = tokens.get(token);
      if (state === undefined) return answer(4);
      if (state === "disabled") return answer(1);

      let raw = Buffer.concat(chunks);
      const fault = takeFault(faults, token);
      if (req.headers["content-encoding"] === "gzip") {
        try {
          raw = zlib.gunzipSync(raw);
        } catch {
          return answer(6, { text: "Invalid data format: the body is not gzip" });
        }
      }
      record.body = raw.toString("utf8");
      if (fault?.maxBytes !== undefined && raw.length > fault.maxBytes)
        return answer(413, {
          status: 413,
          text: `Content-Length of ${raw.length} too large (maximum is ${fault.maxBytes})`,
        });
      if (fault?.status !== undefined || fault?.code !== undefined) {
        const code = fault.code ?? (fault.status === 503 ? 9 : 8);
        const text = fault.echoAuthorization ? `refused: ${authorization}` : undefined;
        return answer(code, {
          status: fault.status,
          text,
          headers: {
            ...retryAfterHeader(fault),
            ...(fault.location !== undefined ? { Location: fault.location } : {}),
          },
        });
      }
      if (record.body.trim() === "") return answer(5);
      const parsed = parseStackedEvents(record.body);
      if ("invalidEventNumber" in parsed)
        return answer(6, { more: { "invalid-event-number": parsed.invalidEventNumber } });
      const missing = parsed.events.findIndex((event) => !("event" in event));
      if (missing >= 0) return answer(12, { more: { "invalid-event-number": missing } });
      const blank = parsed.events.findIndex((event) => event.event === "" || event.event === null);
      if (blank >= 0) return answer(13, { more: { "invalid-event-number": blank } });
      record.events = parsed.events as HecEvent[];
      answer(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    domain: "127.0.0.1",
    port: String((server.address() as AddressInfo).port),
    certificate: cert,
    addToken: (token) => void tokens.set(token, "enabled"),
    disableToken: (token) => void tokens.set(token, "disabled"),
    setFault: (token, fault) => void (fault ? faults.set(token, { ...fault }) : faults.delete(token)),
    requests: (token) => log.filter((request) => request.token === token),
    received: (token) =>
      log.filter((request) => request.token === token && request.code === 0).flatMap((request) => request.events),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { request, type Dispatcher } from "undici";

/**
 * Every request the app sends out (Datadog's intake and key check, alert webhooks, Auth0 tenants)
 * goes to an address an operator typed, carrying a secret: it is sent once, to that address only.
 * undici's `request` follows no redirect (that needs its redirect interceptor, never installed
 * here), so a 3xx comes back as the answer and the caller reports it with `redirectRefused`.
 */
export type OutgoingRequest = {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /** At most this much of the answer is read; past it the rest is left unread and `isCut` is set. */
  maxAnswerBytes: number;
  dispatcher?: Dispatcher;
};

export type OutgoingAnswer = { status: number; headers: Headers; text: string; isCut: boolean };

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** What a caller says of a 3xx: who answered it, its status, and that nothing was sent on. */
export function redirectRefused(who: string, status: number): string {
  return `${who} answered a redirect (${status}); redirects are not followed, so nothing was sent to its target`;
}

/** Sends one request and reads its answer (none of a redirect's). Throws on a network error or timeout (name "TimeoutError"). */
export async function sendRequest(url: string, outgoing: OutgoingRequest): Promise<OutgoingAnswer> {
  const response = await request(url, {
    method: outgoing.method,
    headers: outgoing.headers,
    body: outgoing.body,
    dispatcher: outgoing.dispatcher,
    signal: AbortSignal.timeout(outgoing.timeoutMs),
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers))
    for (const one of [value ?? []].flat()) headers.append(name, one);
  if (isRedirect(response.statusCode)) {
    await response.body.dump();
    return { status: response.statusCode, headers, text: "", isCut: false };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early destroys the body (and its connection): the rest is never read.
  for await (const chunk of response.body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > outgoing.maxAnswerBytes) break;
  }
  return {
    status: response.statusCode,
    headers,
    text: Buffer.concat(chunks).subarray(0, outgoing.maxAnswerBytes).toString("utf8"),
    isCut: size > outgoing.maxAnswerBytes,
  };
}

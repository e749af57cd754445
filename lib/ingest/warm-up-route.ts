import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "@/lib/logger";
import { sendRequest } from "@/lib/outgoing/send-request";

/** How long start-up may take before the server listens (a first `npm start` migrates and boots Next meanwhile). */
const LISTEN_WAIT_MS = 60_000;
const RETRY_EVERY_MS = 100;

/**
 * Sends the ingestion route, once the server on `port` listens, one request without a token: a
 * 401 that reads no body and counts no wrong token. So the first body after a start does not wait
 * for Next to load the route's code (~0.1 s of the event loop), and delivery's first batch does not
 * wait for undici to compile its HTTP parser (WebAssembly, ~0.1 s), which its first connection does.
 */
export async function warmUpIngestRoute(port: number): Promise<void> {
  const deadline = Date.now() + LISTEN_WAIT_MS;
  for (;;) {
    try {
      await sendRequest(`http://127.0.0.1:${port}/api/v2/logs`, {
        method: "POST",
        headers: {},
        timeoutMs: LISTEN_WAIT_MS,
        maxAnswerBytes: 1024,
      });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        logger.warn({ err: error }, "warming up the ingestion route failed; the first body will be slower");
        return;
      }
      await sleep(RETRY_EVERY_MS);
    }
  }
}

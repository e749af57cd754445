import { setTimeout as sleep } from "node:timers/promises";
import { Agent } from "undici";
import { logger } from "@/lib/logger";
import { sendRequest } from "@/lib/outgoing/send-request";

/** How long start-up may take before the server listens (a first `npm start` migrates and boots Next meanwhile). */
const LISTEN_WAIT_MS = 60_000;
const RETRY_EVERY_MS = 100;

/**
 * Sends the ingestion route, once the server on `port` listens, one request without a token: a
 * 401 that reads no body and counts no wrong token. So the first body after a start does not wait
 * for Next to load the route's code (~0.1 s of the event loop), and delivery's first batch does not
 * wait for undici to compile its HTTP parser (WebAssembly: ~0.15 s of compiling, measured), which its
 * first connection does. Sent through an agent of this undici's own, as delivery's are: without
 * one, `request` takes the process's global dispatcher, which another copy of undici in the process
 * (Next's or Node's) had set, and that copy's parser was warmed instead.
 */
export async function warmUpIngestRoute(port: number): Promise<void> {
  const deadline = Date.now() + LISTEN_WAIT_MS;
  const agent = new Agent({ connections: 1 });
  try {
    for (;;) {
      try {
        await sendRequest(`http://127.0.0.1:${port}/api/v2/logs`, {
          method: "POST",
          headers: {},
          timeoutMs: LISTEN_WAIT_MS,
          maxAnswerBytes: 1024,
          dispatcher: agent,
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
  } finally {
    await agent.close();
  }
}

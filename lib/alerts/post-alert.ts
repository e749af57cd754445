import { logger } from "@/lib/logger";
import { isRedirect, redirectRefused, sendRequest } from "@/lib/outgoing/send-request";
import { isRetryableStatus } from "@/lib/retry/backoff";

/** Waits before the 2nd, 3rd and 4th attempt: a chat service that is briefly down still gets the alert. */
export const ALERT_RETRY_DELAYS_MS = [2_000, 10_000, 60_000];
const ALERT_TIMEOUT_MS = 10_000;
/** A chat webhook answers "ok" or a short error; nothing of it is kept. */
const MAX_ANSWER_BYTES = 4 * 1024;

export type AlertPostResult = { ok: boolean; status: number | null; attempts: number };

type PostOptions = { sleep?: (ms: number) => Promise<void>; retryDelaysMs?: number[] };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** POSTs `{"text": …}` (Slack, Mattermost, Teams workflows…), retrying with backoff. Never throws; never logs the URL (it holds the webhook's secret). */
export async function postAlert(url: string, text: string, options: PostOptions = {}): Promise<AlertPostResult> {
  const delays = options.retryDelaysMs ?? ALERT_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    let status: number | null = null;
    try {
      const answer = await sendRequest(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
        timeoutMs: ALERT_TIMEOUT_MS,
        maxAnswerBytes: MAX_ANSWER_BYTES,
      });
      status = answer.status;
      if (status >= 200 && status < 300) return { ok: true, status, attempts: attempt };
    } catch {
      status = null;
    }
    const delay = delays[attempt - 1];
    if (delay === undefined || !isRetryableStatus(status)) {
      logger.warn(
        { status, attempts: attempt },
        status !== null && isRedirect(status)
          ? redirectRefused("the alert webhook", status)
          : "alert webhook did not accept the alert",
      );
      return { ok: false, status, attempts: attempt };
    }
    await sleep(delay);
  }
}

import { isRedirect, redirectRefused, sendRequest } from "@/lib/outgoing/send-request";
import type { CredentialsCheck } from "../destination";
import { agentFor, HEC_CODE, hecCodeOf, hecEventUrl, isTokenRefused } from "./hec";
import { unreachableAfter } from "../credentials-check";
import type { SplunkSink } from "./sink";

/** HEC gets this long to answer a token check: a person is waiting for it. */
export const TOKEN_CHECK_TIMEOUT_MS = 10_000;
/** HEC's `{"text":"No data","code":5}` is a few bytes: more than this is not HEC's answer and is not read. */
const MAX_ANSWER_BYTES = 4 * 1024;

/**
 * Checks the token with an empty POST to HEC's event endpoint: a valid token is answered "No data"
 * (400, code 5), a refused one 401/403 or a token code. Anything else (network error, timeout,
 * 5xx, a redirect (never followed)) is `unreachable`, a warning only. Never throws; `detail` never holds the token.
 */
export async function checkHecToken(config: SplunkSink, timeoutMs = TOKEN_CHECK_TIMEOUT_MS): Promise<CredentialsCheck> {
  try {
    const { status, text } = await sendRequest(hecEventUrl(config), {
      method: "POST",
      headers: { Authorization: `Splunk ${config.splunkToken}` },
      body: "",
      timeoutMs,
      maxAnswerBytes: MAX_ANSWER_BYTES,
      dispatcher: agentFor(config),
    });
    const code = hecCodeOf(text);
    if (status === 400 && code === HEC_CODE.noData) return { result: "valid" };
    if (isTokenRefused(status, code)) return { result: "invalid", statusCode: status };
    if (isRedirect(status)) return { result: "unreachable", detail: redirectRefused("Splunk", status) };
    return { result: "unreachable", detail: `Splunk answered ${status}${code === null ? "" : ` (code ${code})`}` };
  } catch (error) {
    return unreachableAfter(error, "Splunk", timeoutMs);
  }
}

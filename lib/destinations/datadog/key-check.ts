import { env } from "@/lib/env";
import type { CredentialsCheck } from "../destination";
import { isRedirect, redirectRefused, sendRequest } from "@/lib/outgoing/send-request";
import { siteOf, type Region } from "./regions";
import { unreachableAfter } from "../credentials-check";

/** Datadog gets this long to answer a key check: a person is waiting for it. */
export const KEY_CHECK_TIMEOUT_MS = 10_000;
/** `{"valid":true}` is a few bytes: more than this is not Datadog's answer and is not read. */
const MAX_ANSWER_BYTES = 4 * 1024;

/**
 * What Datadog's `GET /api/v1/validate` said about a key: `valid` (200 `{"valid":true}`),
 * `invalid` (401/403, or a 200 saying `valid: false`), or `unreachable` (network error, timeout,
 * 429, 5xx, a redirect (never followed) or any other answer) — a warning only, the key may still be right.
 * Never holds the key: `detail` is built from the status alone.
 */
export type KeyCheckResult = CredentialsCheck;

export type KeyCheckOptions = { apiUrlTemplate?: string; timeoutMs?: number };

export function validateUrl(template: string, region: Region): string {
  return `${template.replace("{site}", siteOf(region))}/api/v1/validate`;
}

/** Asks Datadog whether `apiKey` is valid on the region's site. Never throws. */
export async function checkApiKey(
  target: { apiKey: string; region: Region },
  options: KeyCheckOptions = {},
): Promise<KeyCheckResult> {
  const timeoutMs = options.timeoutMs ?? KEY_CHECK_TIMEOUT_MS;
  const url = validateUrl(options.apiUrlTemplate ?? env().DATADOG_API_URL_TEMPLATE, target.region);
  try {
    const { status, text } = await sendRequest(url, {
      method: "GET",
      headers: { "DD-API-KEY": target.apiKey, Accept: "application/json" },
      timeoutMs,
      maxAnswerBytes: MAX_ANSWER_BYTES,
    });
    if (status === 401 || status === 403) return { result: "invalid", statusCode: status };
    if (status === 200) {
      const valid = parseValid(text);
      if (valid === true) return { result: "valid" };
      if (valid === false) return { result: "invalid", statusCode: status };
    }
    if (isRedirect(status)) return { result: "unreachable", detail: redirectRefused("Datadog", status) };
    return {
      result: "unreachable",
      detail: status === 200 ? "Datadog's answer was not understood" : `Datadog answered ${status}`,
    };
  } catch (error) {
    return unreachableAfter(error, "Datadog", timeoutMs);
  }
}

function parseValid(text: string): boolean | undefined {
  try {
    const body = JSON.parse(text) as { valid?: unknown };
    return typeof body.valid === "boolean" ? body.valid : undefined;
  } catch {
    return undefined;
  }
}

import type { CredentialsCheck } from "./destination";

/** A credentials check that got no answer from `label` (a timeout or a network error): unreachable, a warning only. */
export function unreachableAfter(error: unknown, label: string, timeoutMs: number): CredentialsCheck {
  const name = (error as Error).name;
  const isTimeout = name === "TimeoutError" || name === "AbortError";
  const code = (error as { code?: unknown }).code;
  return {
    result: "unreachable",
    detail: isTimeout
      ? `No answer from ${label} within ${timeoutMs / 1000} s`
      : `Network error${typeof code === "string" ? ` (${code})` : ""}`,
  };
}

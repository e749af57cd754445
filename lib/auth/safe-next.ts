/** Where the dashboard goes after sign-in when `next` is missing or not one of its own paths. */
export const DEFAULT_AFTER_SIGN_IN = "/log-streams";

const BASE = "http://log-streams.invalid";
/** Control characters and backslashes, which browsers strip or read as slashes: `/\evil.example` is `//evil.example`. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

function decodeFully(value: string): string | undefined {
  let current = value;
  for (let round = 0; round < 5; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (decoded === current) return current;
    current = decoded;
  }
  return undefined;
}

/**
 * The path to follow after sign-in: `next` when it is a path on the dashboard's own origin, else
 * DEFAULT_AFTER_SIGN_IN. Rejects `//host`, `/\host`, schemes and control characters, encoded or not.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return DEFAULT_AFTER_SIGN_IN;
  const decoded = decodeFully(next);
  if (decoded === undefined || UNSAFE_CHARACTERS.test(decoded) || decoded.startsWith("//"))
    return DEFAULT_AFTER_SIGN_IN;
  const url = new URL(next, BASE);
  if (url.origin !== BASE) return DEFAULT_AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Over plain http; over HTTPS the cookie is `Secure` and carries the `__Host-` prefix (host-only, path /). */
export const SESSION_COOKIE = "ls_session";
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/**
 * The Auth0 tenant's base URL from what an operator types: a domain (`acme.us.auth0.com`, served
 * over https) or a full `http(s)://host[:port]` base URL (stand-ins and tests). Null when it is
 * neither; the path, query and credentials a URL may carry are refused rather than dropped.
 */
export function auth0BaseUrl(input: string): string | null {
  const value = input.trim();
  if (value === "" || value.length > 253 + 16) return null;
  if (/^https?:\/\//i.test(value)) {
    if (!URL.canParse(value)) return null;
    const url = new URL(value);
    if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== ""))
      return null;
    return url.origin;
  }
  const isHostName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(
    value,
  );
  return isHostName ? `https://${value.toLowerCase()}` : null;
}

export const AUTH0_DOMAIN_HINT = "a tenant domain such as acme.us.auth0.com, or an http(s)://host:port base URL";

/** A log_id as Auth0 writes them (digits) or any other token without spaces, as a stand-in may. */
export function isPlausibleLogId(value: string): boolean {
  return /^[\w.:-]{1,200}$/.test(value);
}

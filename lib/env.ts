import { isIP } from "node:net";
import { z } from "zod";
import { AUTH0_DOMAIN_HINT, auth0BaseUrl, isPlausibleLogId } from "./sources/auth0/domain";
import { DEFAULT_DATABASE_URL } from "./db/database-url";

const optionalSecret = (min: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= min, `must be at least ${min} characters`);

/** An empty variable counts as unset. */
const optionalText = (schema: z.ZodString) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** localhost, 127.0.0.0/8 or ::1: where plain http stays on the machine (tests, stand-ins). */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** An OpenID Provider's issuer: https, or http on a loopback address. */
const issuerSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).refine((v) => {
  const url = new URL(v);
  return url.protocol === "https:" || isLoopbackHostname(url.hostname);
}, "must be https (plain http only on a loopback address)");

/** Comma-separated emails, compared lowercased. */
const emailListSchema = optionalText(z.string()).transform((v) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((email) => email.trim().toLowerCase())
        .filter((email) => email !== ""),
);

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "must start with file: or postgresql://"),
    LOGSTREAMS_ADMIN_PASSWORD: optionalSecret(8),
    LOGSTREAMS_API_TOKEN: optionalSecret(16),
    LOGSTREAMS_INGEST_TOKEN: optionalSecret(16),
    LOGSTREAMS_SECRET: optionalSecret(32),
    DATADOG_INTAKE_URL_TEMPLATE: z
      .string()
      .default("https://http-intake.logs.{site}/api/v2/logs")
      .refine((v) => /^https?:\/\//.test(v) && v.includes("{site}"), "must be an http(s) URL containing {site}"),
    /** Datadog's API base for the key check (`/api/v1/validate`); `{site}` is replaced by the region's site. */
    DATADOG_API_URL_TEMPLATE: z
      .string()
      .default("https://api.{site}")
      .refine((v) => /^https?:\/\//.test(v) && v.includes("{site}"), "must be an http(s) URL containing {site}"),
    LOGSTREAMS_WORKER: z.enum(["on", "off"]).default("on"),
    LOGSTREAMS_RETENTION_DAYS: z.coerce.number().positive().default(30),
    /** How long audit records are kept (lib/audit/retention.ts). */
    LOGSTREAMS_AUDIT_RETENTION_DAYS: z.coerce.number().positive().default(365),
    LOGSTREAMS_SUSPEND_AFTER_HOURS: z.coerce.number().positive().default(168),
    /** How long a worker's claim on a stream lasts unrenewed: a dead worker's streams wait this long. */
    LOGSTREAMS_LEASE_TTL_SECONDS: z.coerce.number().min(1).max(3600).default(45),
    /** Management API requests per second per token before 429 (Auth0 answers the same way). */
    LOGSTREAMS_API_RATE_LIMIT: z.coerce.number().int().min(1).default(100),
    /** Reverse proxies in front of the app; only then are X-Forwarded-For and X-Forwarded-Proto believed. */
    LOGSTREAMS_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Bearer token for GET /metrics; without it the Management API token serves. */
    LOGSTREAMS_METRICS_TOKEN: optionalSecret(16),
    /** `npm run worker` serves GET /metrics on this port when set. */
    LOGSTREAMS_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** The address that port binds to: loopback unless the operator opens it. */
    LOGSTREAMS_METRICS_HOST: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .default("127.0.0.1")
        .refine((v) => isIP(v) !== 0, "must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0"),
    ),
    /** The dashboard's address as users reach it (links in alerts). */
    LOGSTREAMS_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    /** Slack-compatible incoming webhook for stream alerts; wins over the one set in the dashboard. */
    LOGSTREAMS_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    /** The Auth0 tenant to pull logs from (with AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET); wins over the dashboard's Source page. */
    AUTH0_DOMAIN: optionalText(z.string()).refine(
      (v) => v === undefined || auth0BaseUrl(v) !== null,
      `must be ${AUTH0_DOMAIN_HINT}`,
    ),
    AUTH0_CLIENT_ID: optionalText(z.string().max(200)),
    AUTH0_CLIENT_SECRET: optionalText(z.string().max(500)),
    /** The log_id the first pull starts after (a stored checkpoint wins). */
    AUTH0_LOGS_FROM: optionalText(z.string()).refine(
      (v) => v === undefined || isPlausibleLogId(v),
      "must be a log_id (letters, digits, . : _ -)",
    ),
    AUTH0_LOGS_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(5),
    /** The OpenID Provider the dashboard's "Sign in with …" goes to (with LOGSTREAMS_OIDC_CLIENT_ID and _SECRET). */
    LOGSTREAMS_OIDC_ISSUER: optionalText(z.string()).pipe(issuerSchema.optional()),
    LOGSTREAMS_OIDC_CLIENT_ID: optionalText(z.string().max(500)),
    LOGSTREAMS_OIDC_CLIENT_SECRET: optionalText(z.string().max(2000)),
    /** ID-token claim holding the user's role(s). */
    LOGSTREAMS_OIDC_ROLES_CLAIM: optionalText(z.string().max(500)),
    /** Emails that are admins on their first sign-in. */
    LOGSTREAMS_OIDC_ADMINS: emailListSchema,
    LOGSTREAMS_OIDC_DEFAULT_ROLE: z.enum(["none", "viewer"]).default("none"),
    /** `off` once SSO works: the break-glass `admin` password no longer signs in. */
    LOGSTREAMS_PASSWORD_LOGIN: z.enum(["on", "off"]).default("on"),
    /** `true` lets destination URLs (a Custom Webhook's endpoint) use plain http beyond loopback addresses. */
    LOGSTREAMS_ALLOW_HTTP_DESTINATIONS: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  })
  .refine((e) => e.LOGSTREAMS_API_TOKEN === undefined || e.LOGSTREAMS_API_TOKEN !== e.LOGSTREAMS_INGEST_TOKEN, {
    // One token must not open both the Management API and ingestion.
    path: ["LOGSTREAMS_API_TOKEN"],
    message: "must differ from LOGSTREAMS_INGEST_TOKEN",
  })
  .refine(
    (e) =>
      [e.AUTH0_DOMAIN, e.AUTH0_CLIENT_ID, e.AUTH0_CLIENT_SECRET].every((v) => v === undefined) ||
      [e.AUTH0_DOMAIN, e.AUTH0_CLIENT_ID, e.AUTH0_CLIENT_SECRET].every((v) => v !== undefined),
    {
      // Half a configuration is a mistake, not a wish to use the dashboard's.
      path: ["AUTH0_DOMAIN"],
      message: "AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET must be set together (or none of them)",
    },
  )
  .refine(
    (e) =>
      [e.LOGSTREAMS_OIDC_ISSUER, e.LOGSTREAMS_OIDC_CLIENT_ID, e.LOGSTREAMS_OIDC_CLIENT_SECRET].every(
        (v) => v === undefined,
      ) ||
      [e.LOGSTREAMS_OIDC_ISSUER, e.LOGSTREAMS_OIDC_CLIENT_ID, e.LOGSTREAMS_OIDC_CLIENT_SECRET].every(
        (v) => v !== undefined,
      ),
    {
      path: ["LOGSTREAMS_OIDC_ISSUER"],
      message:
        "LOGSTREAMS_OIDC_ISSUER, LOGSTREAMS_OIDC_CLIENT_ID and LOGSTREAMS_OIDC_CLIENT_SECRET must be set together (or none of them)",
    },
  )
  .refine((e) => e.LOGSTREAMS_PASSWORD_LOGIN === "on" || e.LOGSTREAMS_OIDC_ISSUER !== undefined, {
    // Nobody could sign in.
    path: ["LOGSTREAMS_PASSWORD_LOGIN"],
    message: "may be off only with LOGSTREAMS_OIDC_ISSUER set: nobody could sign in",
  });

export type Env = z.infer<typeof envSchema>;

let parsed: Env | undefined;

/** The environment, checked once. An invalid value throws an error whose message is one line naming the variable. */
export function env(): Env {
  if (parsed) return parsed;
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`Invalid environment: ${String(issue.path[0])} ${issue.message}`);
  }
  parsed = result.data;
  return parsed;
}

/** For entry points: the environment, or one line naming the bad variable and exit code 1. */
export function envOrExit(): Env {
  try {
    return env();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

// npm run fixtures: writes tests/fixtures/auth0-events.ndjson, realistic Auth0 log events in the
// Custom Webhook shape ({log_id, data}) for every filter category and every type code that
// lib/streams/categories.ts lists, plus codes no category lists ("other"). Seeded, so the same
// file comes out every time; the tests, the simulator and the bench read it.
import fs from "node:fs";
import path from "node:path";
import { FILTER_CATEGORIES, type FilterCategoryName } from "@/lib/streams/categories";

export const FIXTURES_FILE = path.resolve(import.meta.dirname, "../tests/fixtures/auth0-events.ndjson");

/** Codes Auth0 emits that no filter category lists: they fall under "other". */
const UNLISTED_CODES = [
  "pwd_leak",
  "signup_pwd_leak",
  "reset_pwd_leak",
  "limit_sul",
  "du",
  "mfar",
  "pla",
  "gd_send_sms",
];
/** The busiest codes of a real tenant, repeated so that a cycled sample looks like its traffic. */
const COMMON_CODES = [
  "s",
  "s",
  "s",
  "s",
  "ssa",
  "ssa",
  "ssa",
  "seccft",
  "seccft",
  "f",
  "fp",
  "fu",
  "slo",
  "sapi",
  "mgmt_api_read",
  "w",
  "fsa",
  "sv",
  "scp",
  "ss",
];
const TOTAL_EVENTS = 160;

/** mulberry32: small, seeded, good enough to vary test data. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chars = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[int(alphabet.length)]).join("");
  return { next, int, pick, chars };
}

const random = randomSource(20261201);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const DIGITS = "0123456789";

const TENANT_HOST = "acme-dev.eu.auth0.com";
const CONNECTIONS = [
  { connection: "Username-Password-Authentication", strategy: "auth0", strategy_type: "database" },
  { connection: "google-oauth2", strategy: "google-oauth2", strategy_type: "social" },
  { connection: "github", strategy: "github", strategy_type: "social" },
  { connection: "acme-okta", strategy: "okta", strategy_type: "enterprise" },
  { connection: "email", strategy: "email", strategy_type: "passwordless" },
];
const CLIENTS = [
  { client_id: random.chars(ALNUM, 32), client_name: "Acme Web" },
  { client_id: random.chars(ALNUM, 32), client_name: "Acme iOS" },
  { client_id: random.chars(ALNUM, 32), client_name: "Billing API (Test Application)" },
  { client_id: random.chars(ALNUM, 32), client_name: "Default App" },
];
const USERS = [
  "alice@example.com",
  "bob@example.org",
  "chen.wei@example.net",
  "dana+test@example.com",
  "émile.dupont@example.fr",
  "oğuz@example.com",
].map((name) => ({
  user_name: name,
  user_id: `auth0|${random.chars(HEX, 24)}`,
}));
// Documentation ranges only (RFC 5737, RFC 3849).
const IPS = ["192.0.2.14", "198.51.100.23", "203.0.113.77", "203.0.113.191", "2001:db8:85a3::8a2e:370:7334"];
const USER_AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
];
const DESCRIPTIONS: Record<string, string> = {
  f: "Wrong email or password.",
  fp: "Wrong email or password.",
  fu: "Wrong email or password.",
  fc: "Connection is disabled",
  fco: "Origin https://evil.example is not allowed.",
  fcoa: "Cross-origin authentication failed",
  fens: "Native social login failed",
  w: "Cookies are not enabled in the browser",
  fs: "Password is too weak",
  fsa: "Login required",
  flo: "Invalid logout URL",
  feccft: "Unauthorized",
  fepft: "Wrong email or password.",
  ferrt: "Unknown or invalid refresh token.",
  fapi: "Insufficient scope; expected any of: delete:users",
  fcp: "Password reset link expired",
  fv: "Verification email failed: user not found",
  actions_execution_failed: "Action 'Add roles to token' threw: Cannot read properties of undefined (reading 'roles')",
  api_limit: "Global per second default group limit has been reached",
  depnote: "Legacy Lock endpoint is deprecated",
  limit_wc: "Too many failed login attempts; the account was blocked",
  pwd_leak: "Someone behind the IP address attempted to login with a leaked password.",
  sapi: "Update a user",
  mgmt_api_read: "Get users",
  ss_sso_failure: "Self-service SSO configuration failed",
};

const CATEGORY_OF = new Map<string, FilterCategoryName>(
  FILTER_CATEGORIES.flatMap((category) => category.codes.map((code) => [code, category.name] as const)),
);

/** A 56-digit id like Auth0's: the date's digits, then random ones. */
function logIdFor(date: Date): string {
  const stamp = date.toISOString().replace(/\D/g, "").slice(0, 14);
  return `900${stamp}${random.chars(DIGITS, 56 - 3 - stamp.length)}`;
}

function detailsFor(
  code: string,
  category: FilterCategoryName,
  user: (typeof USERS)[number],
  connection: string,
  date: Date,
): Record<string, unknown> | undefined {
  const at = date.getTime();
  if (category === "auth.login.success" || code === "ssa") {
    return {
      prompts: [
        {
          name: "prompt-authenticate",
          completedAt: at - 200,
          connection,
          strategy: "auth0",
          identity: user.user_id.split("|")[1],
          stats: { loginsCount: 1 + random.int(90) },
          elapsedTime: 1200 + random.int(9000),
        },
        {
          name: "login",
          flow: "universal-login",
          initiatedAt: at - 9000,
          completedAt: at - 10,
          user_id: user.user_id,
          user_name: user.user_name,
          timers: { rules: random.int(20) },
          elapsedTime: 8990,
        },
      ],
      initiatedAt: at - 9010,
      completedAt: at,
      elapsedTime: 9010,
      session_id: random.chars(ALNUM, 32),
      stats: { loginsCount: 1 + random.int(90) },
    };
  }
  if (category === "management.success" || category === "management.fail") {
    return {
      request: {
        method: code === "mgmt_api_read" ? "get" : "patch",
        path: `/api/v2/users/${user.user_id}`,
        query: {},
        userAgent: random.pick(USER_AGENTS),
        body: code === "mgmt_api_read" ? {} : { app_metadata: { plan: "pro" } },
        channel: "api",
        ip: random.pick(IPS),
        auth: {
          user: {},
          strategy: "jwt",
          credentials: { jti: random.chars(HEX, 32), scopes: ["read:users", "update:users"] },
        },
      },
      response: {
        statusCode: category === "management.fail" ? 403 : 200,
        body:
          category === "management.fail"
            ? { error: "Forbidden", message: DESCRIPTIONS.fapi }
            : { user_id: user.user_id, email: user.user_name },
      },
    };
  }
  if (code === "actions_execution_failed") {
    return {
      actions: { executions: [random.chars(ALNUM, 24)] },
      error: {
        message: DESCRIPTIONS.actions_execution_failed,
        stack:
          "TypeError: Cannot read properties of undefined\n    at exports.onExecutePostLogin (/data/io/add-roles.js:4:30)",
      },
    };
  }
  if (category === "auth.login.fail" || category === "user.fail") {
    return {
      error: { message: DESCRIPTIONS[code] ?? "Unauthorized", oauthError: "access_denied", type: "request-error" },
    };
  }
  if (category === "auth.token_exchange.success" || category === "auth.token_exchange.fail") {
    return { actions: { executions: [] }, grant_type: "client_credentials", scope: "read:invoices write:invoices" };
  }
  return random.next() < 0.5 ? { initiatedAt: at - 50, completedAt: at, elapsedTime: 50 } : undefined;
}

function eventFor(code: string, index: number): { log_id: string; data: Record<string, unknown> } {
  const category = CATEGORY_OF.get(code) ?? "other";
  // One event every ~9 minutes across the day before 2026-12-01.
  const date = new Date(Date.UTC(2026, 10, 30, 0, 0, 0) + index * 9 * 60_000 + random.int(60_000));
  const logId = logIdFor(date);
  const isSystem = category === "system.notification";
  const isMachine = category.startsWith("auth.token_exchange") || category.startsWith("management");
  const user = random.pick(USERS);
  const client = random.pick(CLIENTS);
  const connection = random.pick(CONNECTIONS);
  const data: Record<string, unknown> = { date: date.toISOString(), type: code };
  if (DESCRIPTIONS[code]) data.description = DESCRIPTIONS[code];
  if (!isSystem)
    Object.assign(data, {
      client_id: client.client_id,
      client_name: client.client_name,
      ip: random.pick(IPS),
      user_agent: random.pick(USER_AGENTS),
    });
  if (!isSystem && !isMachine)
    Object.assign(data, {
      connection: connection.connection,
      connection_id: `con_${random.chars(ALNUM, 16)}`,
      strategy: connection.strategy,
      strategy_type: connection.strategy_type,
      user_id: user.user_id,
      user_name: user.user_name,
    });
  if (isMachine) Object.assign(data, { audience: `https://${TENANT_HOST}/api/v2/`, scope: "read:users update:users" });
  const details = detailsFor(code, category, user, connection.connection, date);
  if (details) data.details = details;
  Object.assign(data, {
    hostname: TENANT_HOST,
    isMobile: String(data.user_agent ?? "").includes("iPhone"),
    log_id: logId,
  });
  return { log_id: logId, data };
}

export function generateFixtureEvents() {
  const everyCode = [...FILTER_CATEGORIES.flatMap((category) => category.codes), ...UNLISTED_CODES];
  const codes = [...everyCode];
  while (codes.length < TOTAL_EVENTS)
    codes.push(COMMON_CODES[(codes.length - everyCode.length) % COMMON_CODES.length]!);
  return codes.map((code, index) => eventFor(code, index));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const events = generateFixtureEvents();
  fs.mkdirSync(path.dirname(FIXTURES_FILE), { recursive: true });
  fs.writeFileSync(FIXTURES_FILE, `${events.map((event) => JSON.stringify(event)).join("\n")}\n`);
  console.log(`wrote ${events.length} events to ${path.relative(process.cwd(), FIXTURES_FILE)}`);
}

// npm run auth0:dev — a local stand-in for an Auth0 tenant's log API, for pulling without a tenant.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startAuth0Standin } from "@/standins/auth0-standin";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9998" },
    count: { type: "string", default: "250" },
    rate: { type: "string", default: "1" },
    "client-id": { type: "string", default: "standin-client-id" },
    "client-secret": { type: "string", default: "standin-client-secret" },
    "rate-limit": { type: "string", default: "10" },
    "token-lifetime": { type: "string", default: "300" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(`npm run auth0:dev -- [--port 9998] [--count 250 logs to start with] [--rate 1 new log(s) per second, 0 for none]
  [--rate-limit 10 log requests per second, then 429] [--token-lifetime 300 seconds] [--client-id …] [--client-secret …]`);
  process.exit(0);
}

// The project's Auth0 fixture events, cycled: every event type the streams' filters know.
const fixtures = fs
  .readFileSync(path.resolve(import.meta.dirname, "../tests/fixtures/auth0-events.ndjson"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => (JSON.parse(line) as { data: Record<string, unknown> }).data);
let next = 0;
const newLogs = (count: number) =>
  Array.from({ length: count }, () => {
    const { log_id: _logId, date: _date, ...data } = fixtures[next++ % fixtures.length]!;
    return data;
  });

const tenant = await startAuth0Standin({
  port: Number(values.port),
  clientId: values["client-id"],
  clientSecret: values["client-secret"],
  tokenLifetimeSeconds: Number(values["token-lifetime"]),
  rateLimit: { limit: Number(values["rate-limit"]), windowSeconds: 1 },
});
tenant.append(newLogs(Number(values.count)));
const rate = Number(values.rate);
if (rate > 0) setInterval(() => tenant.append(newLogs(1)), 1000 / rate);

console.log(
  `Auth0 tenant stand-in listening on ${tenant.baseUrl} with ${values.count} logs, ${rate} new log(s) per second`,
);
console.log(
  `Pull from it:  AUTH0_DOMAIN='${tenant.baseUrl}' AUTH0_CLIENT_ID='${tenant.clientId}' AUTH0_CLIENT_SECRET='${tenant.clientSecret}' npm start`,
);
console.log(`(or enter the same on the dashboard's Source page)`);
console.log(
  `Append logs:   curl -X POST ${tenant.baseUrl}/__auth0/logs -d '[{"type":"f","description":"Wrong email or password."}]'`,
);
setInterval(() => {
  const counts = tenant.counts();
  console.log(
    `${new Date().toISOString().slice(11, 19)}  logs ${tenant.logs().length}  log requests ${counts.logRequests}  429s ${counts.rateLimited}  tokens ${counts.tokensIssued}`,
  );
}, 10_000);

// npm run oidc:dev — a local OpenID Provider for walking through the dashboard's single sign-on.
import { parseArgs } from "node:util";
import { startOidcStandin } from "@/standins/oidc-provider";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9997" },
    "app-url": { type: "string", default: "http://localhost:3000" },
    "client-secret": { type: "string", default: "standin-oidc-client-secret" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "npm run oidc:dev -- [--port 9997] [--app-url http://localhost:3000 (the dashboard, for its callback)] [--client-secret …]",
  );
  process.exit(0);
}

const ROLES_CLAIM = "https://logstreams.example/roles";
const appUrl = values["app-url"].replace(/\/+$/, "");
const provider = await startOidcStandin({
  port: Number(values.port),
  redirectUris: [`${appUrl}/auth/callback`],
  clientSecret: values["client-secret"],
  rolesClaim: ROLES_CLAIM,
  accounts: [
    { sub: "ada", email: "ada@example.com", name: "Ada (admin)", roles: ["admin"] },
    { sub: "eddie", email: "eddie@example.com", name: "Eddie (editor)", roles: ["editor"] },
    { sub: "vera", email: "vera@example.com", name: "Vera (viewer)", roles: ["viewer"] },
    { sub: "nora", email: "nora@example.com", name: "Nora (no role)" },
  ],
});

console.log(
  `OpenID Provider stand-in at ${provider.issuer} (accounts: Ada admin, Eddie editor, Vera viewer, Nora without a role)`,
);
console.log(
  `Sign in through it:  LOGSTREAMS_PUBLIC_URL='${appUrl}' LOGSTREAMS_OIDC_ISSUER='${provider.issuer}' LOGSTREAMS_OIDC_CLIENT_ID='${provider.clientId}' LOGSTREAMS_OIDC_CLIENT_SECRET='${provider.clientSecret}' LOGSTREAMS_OIDC_ROLES_CLAIM='${ROLES_CLAIM}' npm start`,
);
